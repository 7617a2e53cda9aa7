// SSL-TEM: the paper's label-efficiency report: test accuracy against labelled images per class over many 80/20 splits,
// for one or more encoders (comma-separated; random:resnet18 / random:resnet50 = untrained baseline).
// Results: OUT/results.csv (one row per classifier), OUT/summary.json (median, quartiles, notches), OUT/boxplot.png.
// Headless:  ./ssl-tem macro macros/label_efficiency_report.ijm "encoder=/data/enc,random:resnet50 dataset=/data/classes out=/data/le labels=1,2,4,8 split_seeds=100"
// In Fiji:   Plugins > Macros > Run..., then choose the encoder and the dataset folder.
args = getArgument();
encoder = call("ij.Macro.getValue", args, "encoder", "");
if (encoder == "") encoder = getDirectory("Encoder folder (the out folder of Pretrain Encoder)");
dataset = call("ij.Macro.getValue", args, "dataset", "");
if (dataset == "") dataset = getDirectory("Folder of class folders");
out = call("ij.Macro.getValue", args, "out", "");
if (out == "") out = getDirectory("Output folder");
labels = call("ij.Macro.getValue", args, "labels", "1,2,4,8,16,32,80");
split_seeds = call("ij.Macro.getValue", args, "split_seeds", "100");
max_epochs = call("ij.Macro.getValue", args, "max_epochs", "500");
options = "encoder=[" + encoder + "] dataset=[" + dataset + "] out=[" + out + "] labels=" + labels + " split_seeds=" + split_seeds + " max_epochs=" + max_epochs;
if (call("ij.Macro.getValue", args, "overwrite", "false") == "true") options = options + " overwrite";
run("Label-Efficiency Report", options);
print("results: " + out + File.separator + "results.csv");
print("boxplot: " + out + File.separator + "boxplot.png");
