// SSL-TEM: pretrain an encoder on a folder of images, then write one row of features per image.
// Results: OUT/encoder/ (manifest.json, checkpoints/) and OUT/features.csv.
// Headless:  ./ssl-tem macro macros/pretrain_and_extract_features.ijm "images=/data/images out=/data/run1 arch=resnet18 size=96 epochs=50"
// In Fiji:   Plugins > Macros > Run..., then choose the two folders (defaults: the CPU recipe, SimCLR on a ResNet18 at
//            96 px, 90 epochs; preset=paper gives the paper's Barlow Twins, ResNet50, 224 px, 200 epochs).
args = getArgument();
images = call("ij.Macro.getValue", args, "images", "");
if (images == "") images = getDirectory("Folder of images (or of class folders)");
out = call("ij.Macro.getValue", args, "out", "");
if (out == "") out = getDirectory("New or empty output folder");
preset = call("ij.Macro.getValue", args, "preset", "cpu");
arch = call("ij.Macro.getValue", args, "arch", "resnet18");
size = call("ij.Macro.getValue", args, "size", "96");
batch = call("ij.Macro.getValue", args, "batch", "32");
epochs = call("ij.Macro.getValue", args, "epochs", "90");
method = call("ij.Macro.getValue", args, "method", "simclr");
encoder = out + File.separator + "encoder";
run("Pretrain Encoder", "images=[" + images + "] out=[" + encoder + "] preset=" + preset + " method=" + method + " arch=" + arch + " size=" + size + " batch=" + batch + " epochs=" + epochs);
run("Extract Features", "encoder=[" + encoder + "] images=[" + images + "] out=[" + out + File.separator + "features.csv]");
print("encoder: " + encoder);
print("features: " + out + File.separator + "features.csv");
