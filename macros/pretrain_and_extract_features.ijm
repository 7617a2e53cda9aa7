// SSL-TEM: pretrain an encoder on a folder of images, then write one row of features per image.
// Results: OUT/encoder/ (manifest.json, checkpoints/) and OUT/features.csv.
// Headless:  ./ssl-tem macro macros/pretrain_and_extract_features.ijm "images=/data/images out=/data/run1 arch=resnet18 size=96 epochs=50"
// In Fiji:   Plugins > Macros > Run..., then choose the two folders (the paper's defaults: ResNet50, 224 px, 200 epochs).
args = getArgument();
images = call("ij.Macro.getValue", args, "images", "");
if (images == "") images = getDirectory("Folder of images (or of class folders)");
out = call("ij.Macro.getValue", args, "out", "");
if (out == "") out = getDirectory("New or empty output folder");
arch = call("ij.Macro.getValue", args, "arch", "resnet50");
size = call("ij.Macro.getValue", args, "size", "224");
batch = call("ij.Macro.getValue", args, "batch", "64");
epochs = call("ij.Macro.getValue", args, "epochs", "200");
method = call("ij.Macro.getValue", args, "method", "barlow");
encoder = out + File.separator + "encoder";
run("Pretrain Encoder", "images=[" + images + "] out=[" + encoder + "] method=" + method + " arch=" + arch + " size=" + size + " batch=" + batch + " epochs=" + epochs);
run("Extract Features", "encoder=[" + encoder + "] images=[" + images + "] out=[" + out + File.separator + "features.csv]");
print("encoder: " + encoder);
print("features: " + out + File.separator + "features.csv");
