// SSL-TEM: percolation and morphology of every mask in a folder, one CSV row per mask (density, percolation, clusters,
// skeleton length, width, orientation). Masks: 8-bit, 0 = background; by default every non-zero value is nanowire.
// Headless:  ./ssl-tem macro macros/morphology_table.ijm "masks=/data/seg1-out/masks out=/data/morphology.csv size=224"
//            (optional: foreground=1 classes=3 for a 3-class mask whose nanowire class is 1; overwrite=true)
// In Fiji:   Plugins > Macros > Run..., then choose the mask folder and the CSV file.
args = getArgument();
masks = call("ij.Macro.getValue", args, "masks", "");
if (masks == "") masks = getDirectory("Folder of masks");
out = call("ij.Macro.getValue", args, "out", "");
if (out == "") out = File.openDialog("CSV file to write");
size = call("ij.Macro.getValue", args, "size", "0");
classes = call("ij.Macro.getValue", args, "classes", "2");
options = "masks=[" + masks + "] out=[" + out + "] size=" + size + " classes=" + classes;
foreground = call("ij.Macro.getValue", args, "foreground", "");
if (foreground != "") options = options + " foreground=" + foreground;
if (call("ij.Macro.getValue", args, "overwrite", "false") == "true") options = options + " overwrite";
run("Percolation & Morphology", options);
rows = split(File.openAsString(out), "\n");
n = 0;
for (i = 1; i < rows.length; i++) if (!startsWith(rows[i], "(")) n++; // the last two rows are (mean) and (median)
print(n + " masks measured: " + out);
