// SSL-TEM: write a synthetic TEM nanowire dataset (singular, dispersed, network, bundle) with exact masks.
// Headless:  ./ssl-tem macro macros/generate_synthetic_data.ijm "out=/data/synthetic per_class=50 size=224 seed=0"
// In Fiji:   Plugins > Macros > Run..., then choose the output folder.
args = getArgument();
out = call("ij.Macro.getValue", args, "out", "");
if (out == "") out = getDirectory("Output folder for the synthetic dataset");
per_class = call("ij.Macro.getValue", args, "per_class", "50");
size = call("ij.Macro.getValue", args, "size", "224");
seed = call("ij.Macro.getValue", args, "seed", "0");
run("Generate Synthetic Data", "out=[" + out + "] per_class=" + per_class + " size=" + size + " seed=" + seed);
print("synthetic dataset: " + out);
