// SSL-TEM: segment every image of a folder with a trained segmenter (Plugins > SSL-TEM > Segmentation > Train Segmenter).
// Results: OUT/probabilities/<image>.tif (per-class probability maps) and OUT/masks/<image>.png (index masks, 255 = foreground for a binary segmenter).
// Headless:  ./ssl-tem macro macros/segment_folder.ijm "segmenter=/data/seg1 images=/data/images out=/data/seg1-out tile=512 overlap=64"
// In Fiji:   Plugins > Macros > Run..., then choose the folders.
args = getArgument();
segmenter = call("ij.Macro.getValue", args, "segmenter", "");
if (segmenter == "") segmenter = getDirectory("Segmenter folder (the out folder of Train Segmenter)");
images = call("ij.Macro.getValue", args, "images", "");
if (images == "") images = getDirectory("Folder of images to segment");
out = call("ij.Macro.getValue", args, "out", "");
if (out == "") out = getDirectory("Output folder");
tile = call("ij.Macro.getValue", args, "tile", "512");
overlap = call("ij.Macro.getValue", args, "overlap", "64");
options = "segmenter=[" + segmenter + "] images=[" + images + "] out=[" + out + "] tile=" + tile + " overlap=" + overlap;
if (call("ij.Macro.getValue", args, "overwrite", "false") == "true") options = options + " overwrite";
run("Segment Folder", options);
print("masks: " + out + File.separator + "masks");
print("probabilities: " + out + File.separator + "probabilities");
