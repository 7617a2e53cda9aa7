// SSL-TEM: classify every image of a folder with a trained classifier (Plugins > SSL-TEM > Classification > Train Classifier).
// Results: OUT (CSV: file[,class],predicted,p_<class>...); when the folder holds class folders, also OUT-confusion.csv/.png.
// Headless:  ./ssl-tem macro macros/classify_folder.ijm "classifier=/data/clf images=/data/new-images out=/data/classified.csv"
// In Fiji:   Plugins > Macros > Run..., then choose the folders and the CSV file.
args = getArgument();
classifier = call("ij.Macro.getValue", args, "classifier", "");
if (classifier == "") classifier = getDirectory("Classifier folder (the out folder of Train Classifier)");
images = call("ij.Macro.getValue", args, "images", "");
if (images == "") images = getDirectory("Folder of images to classify");
out = call("ij.Macro.getValue", args, "out", "");
if (out == "") out = File.openDialog("CSV file to write");
options = "classifier=[" + classifier + "] images=[" + images + "] out=[" + out + "]";
if (call("ij.Macro.getValue", args, "overwrite", "false") == "true") options = options + " overwrite";
run("Classify Images", options);
rows = split(File.openAsString(out), "\n");
print((rows.length - 1) + " images classified: " + out);
