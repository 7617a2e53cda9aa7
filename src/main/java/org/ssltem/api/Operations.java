package org.ssltem.api;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every engine operation's spec: the one place where a parameter's key, default, bounds, label and help are
 * written. The CLI ({@code cli/}), the Fiji commands and macros ({@code fiji/}) and the engine's binding
 * ({@code engine/}) are rendered from these or checked against them by tests.
 */
public final class Operations {

	private Operations() {}

	private static final List<String> DEVICES = List.of("auto", "cpu", "gpu");
	/** How train-segmenter picks the images it trains on when there are more than it labels. */
	private static final List<String> CHOOSE = List.of("coverage", "random");

	public static final OperationSpec GENERATE = OperationSpec.builder("generate",
			"Write synthetic TEM nanowire images (singular, dispersed, network, bundle) with exact masks: DIR/images/<class>/, DIR/masks/<class>/, DIR/synthetic.json.")
		.outputFolder("out", "Output folder", "where images/, masks/ and synthetic.json go").required()
		.integer("per_class", 50, "Images per morphology", "images of each of the four morphologies").min(1)
		.integer("size", 224, "Image size (px)", "image side in px").range(64, 4096)
		.integer("seed", 0, "Random seed", "the same seed gives the same images").advanced()
		.choice("stain", "negative", List.of("negative", "dark", "mixed"), "Stain", "how the wires show: negative (bright, with a dark stain rim), dark, or mixed (either, drawn per image)").advanced()
		.flag("overwrite", "Write into a folder with files", "write into a folder that already has files")
		.build();

	/** The pretraining settings, shared by {@code pretrain} and {@code hparam-study}. */
	private static final List<ParameterSpec> PRETRAINING = OperationSpec.builder("pretraining", "")
		.choice("method", "simclr", List.of("barlow", "simclr"), "Method", "SimCLR or Barlow Twins (the paper's; slower to learn on a CPU budget)")
		.choice("loss_variant", "paper", List.of("paper", "original"), "Loss variant", "the loss as the paper's notebook computes it, or as the original papers define it").advanced()
		.choice("arch", "resnet18", List.of("resnet50", "resnet18"), "Architecture", "the encoder network").advanced()
		.integer("size", 96, "Input size (px)", "input side in px, a multiple of 32").min(32).advanced()
		.integer("batch", 32, "Batch size", "images per step (each gives two views)").min(2).advanced()
		.integer("epochs", 90, "Epochs", "passes over the images").min(1).advanced()
		.choice("crop", "randcrop", List.of("randcrop", "crop25", "crop50", "nocrop"), "Crop", "random crops of 25-50 % of the side, or fixed 25 % / 50 %, or none").advanced()
		.choice("rotations", "none", List.of("none", "quarter"), "Rotations", "none: the paper's augmentations; quarter: each view is also turned by a random multiple of 90° (better demo classification, worse demo segmentation, level on SEM classification)").advanced()
		.decimal("jitter", 0.1, "Colour jitter", "strength of the views' brightness and contrast jitter (± jitter, with probability 0.8); the paper's 0.4 teaches"
			+ " the encoder to ignore the grey levels that tell EM materials apart").range(0, 1).advanced()
		.text("projector", "128,64,1024", "Projector widths", "widths of the projector's dense layers").advanced()
		.decimal("lr", 1e-3, "Learning rate", "learning rate at step 0, cosine decay").min(0).advanced()
		.choice("optimizer", "adam", List.of("sgd", "adam", "lars"), "Optimizer", "adam (the CPU recipe) or lars do not depend on the loss's scale; sgd as in the paper").advanced()
		.decimal("momentum", 0.0, "Momentum", "momentum for sgd and lars (0 = none)").range(0, 1).advanced()
		.decimal("weight_decay", 0.0, "Weight decay", "L2 decay on weights (not biases or batch norm)").min(0).advanced()
		.integer("seed", 0, "Random seed", "seeds the weights, the order and the augmentation").advanced()
		.integer("checkpoint_every", 10, "Checkpoint every (epochs)", "epochs between checkpoints").min(1).advanced()
		.integer("max_images", 0, "Image limit", "use at most N images (0 = all)").min(0).advanced()
		.integer("tile", 0, "Tile images (px)", "cut images into N px tiles first (0 = no)").min(0).advanced()
		.decimal("temperature", 0.1, "SimCLR temperature", "softmax temperature of the SimCLR loss").min(0).advanced()
		.decimal("lambda", 0.005, "Barlow Twins lambda", "weight of the off-diagonal terms of the Barlow Twins loss").min(0).advanced()
		.choice("device", "auto", DEVICES, "Device", "auto uses a GPU when one works").advanced()
		.integer("threads", 0, "Threads", "TensorFlow threads (0 = all cores)").min(0).advanced()
		.parameters();

	public static final OperationSpec PRETRAIN = OperationSpec.builder("pretrain",
			"Self-supervised pretraining of an encoder on unlabelled images (SimCLR or Barlow Twins).")
		.folder("images", "Unlabelled images", "folder of images (or of class folders)").required()
		.outputFolder("out", "Output folder", "a new folder: manifest.json and checkpoints/").required()
		.choice("preset", "cpu", List.of("cpu", "paper"), "Preset",
			"cpu: the settings as given (their defaults, SimCLR, resnet18 at 96 px, batch 32, 90 epochs, Adam 1e-3, jitter 0.1, take about 2.2 s per image on 2 cores); paper: the paper's Barlow Twins, resnet50 at 224 px, batch 64, 200 epochs, SGD 0.2, jitter 0.4 (days on a CPU, hours on a GPU) for each of these settings left at its default").advanced()
		.integer("time_budget", 0, "Time budget (min)",
			"0 = no limit; otherwise fewer epochs are run so that pretraining ends within this many minutes (planned from the measured rates, again"
				+ " after the first epoch, and checked at each epoch's end)").min(0)
		.all(PRETRAINING)
		.flag("resume", "Resume", "continue the run in the output folder from its last checkpoint").advanced()
		.build();

	public static final OperationSpec IMPORT_ENCODER = OperationSpec.builder("import-encoder",
			"Import a published encoder (PyTorch state dict of a torchvision ResNet18/50, or Keras ResNet50 HDF5 weights) as an SSL-TEM encoder folder.")
		.file("torch", "PyTorch weights", "PyTorch state dict or checkpoint (torch.save) of a torchvision resnet18 or resnet50; give this or keras")
		.file("keras", "Keras weights", "Keras HDF5 weights: Keras Applications ResNet50, or a model that nests it (save_weights); give this or torch")
		.outputFolder("out", "Output folder", "a new or empty folder: manifest.json and checkpoints/").required()
		.choice("arch", "auto", List.of("auto", "resnet50", "resnet18"), "Architecture", "the architecture the file must hold; auto: what it holds")
		.integer("size", 224, "Input size (px)", "input side the encoder will see, a multiple of 32").min(32)
		.text("prefix", null, "Key prefix", "PyTorch only: key prefix of the encoder's tensors, e.g. state_dict.module.encoder_q.; empty: found").advanced()
		.text("normalisation", "auto", "Input normalisation", "input normalisation the weights expect: auto (a PyTorch checkpoint's 'norms' entry, "
			+ "else imagenet for PyTorch and none for Keras), none, imagenet, caffe, or MEAN/STD such as 0.58/0.10")
		.flag("overwrite", "Replace existing encoder", "replace the encoder in the output folder")
		.build();

	/** How an encoder's features are taken, shared by {@code features}, {@code train-classifier} and {@code label-efficiency}. */
	private static final List<ParameterSpec> FEATURE_VIEW = OperationSpec.builder("feature view", "")
		.integer("feature_size", 224, "Feature size (px)", "side images are resized to for encoder features (0 = the encoder's pretraining size, else a multiple of 32)").min(0)
		.choice("pooling", "stages", List.of("stages", "last"), "Pooling",
			"stages: the global averages of stages conv3, conv4 and conv5, concatenated; last: the last stage's only (the paper)").advanced()
		.choice("orientations", "8", List.of("8", "1"), "Orientations",
			"8: average the features of each image's 4 rotations and their mirror images (a micrograph has no up); 1: the image as it is (the paper)").advanced()
		.parameters();

	public static final OperationSpec FEATURES = OperationSpec.builder("features",
			"Compute a pretrained encoder's features for a folder of images, as CSV (file,class,f0,f1,...).")
		.folder("encoder", "Encoder", "the output folder of pretrain").required()
		.folder("images", "Images", "folder of images (or of class folders)").required()
		.outputFile("out", "Features CSV", "the CSV to write").required()
		.all(FEATURE_VIEW)
		.integer("batch", 16, "Batch size", "images per batch").min(1).advanced()
		.flag("overwrite", "Replace existing file", "replace the CSV if it exists")
		.build();

	/** How classifiers are trained and features taken, shared by {@code train-classifier} and {@code label-efficiency}. */
	private static final List<ParameterSpec> PROBE = OperationSpec.builder("probe", "")
		.choice("probe", "logistic", List.of("logistic", "paper"), "Probe",
			"logistic: standardised L2 logistic regression, C by cross-validation; paper: the paper's softmax layer, Adam with early stopping")
		.all(FEATURE_VIEW)
		.parameters();

	public static final OperationSpec TRAIN_CLASSIFIER = OperationSpec.builder("train-classifier",
			"Train a linear classifier on a frozen encoder's features (or classical texture features) of a folder of class folders.")
		.text("encoder", null, "Encoder", "the output folder of pretrain, or baseline:texture (classical texture numbers)").required()
		.folder("dataset", "Labelled images", "folder of class folders (DIR/<class>/*.png)").required()
		.outputFolder("out", "Output folder", "folder for classifier.json").required()
		.all(PROBE)
		.integer("seed", 0, "Random seed", "seeds the cross-validation folds (logistic) or the validation split, weights and order (paper)").advanced()
		.integer("max_epochs", 500, "Epoch cap", "paper probe only: cap on epochs (early stopping usually ends sooner)").min(1).advanced()
		.flag("standardize", "Standardize features", "paper probe only: z-score features first (the logistic probe always does)")
		.flag("no_refit", "Keep early-stopped weights", "paper probe only: keep the early-stopped weights (the paper) instead of refitting on all labels for the best epoch count").advanced()
		.flag("overwrite", "Replace existing classifier", "replace a classifier already in the output folder")
		.build();

	public static final OperationSpec CLASSIFY = OperationSpec.builder("classify",
			"Classify a folder of images with a trained classifier: one CSV row per image with each class's probability.")
		.folder("classifier", "Classifier", "the output folder of train-classifier").required()
		.folder("images", "Images", "folder of images, or of class folders (then accuracy and a confusion matrix)").required()
		.outputFile("out", "Predictions CSV", "the CSV to write").required()
		.folder("encoder", "Encoder (if moved)", "the classifier's encoder, if it has moved (default: the folder it records)").advanced()
		.flag("overwrite", "Replace existing files", "replace the CSV (and its confusion matrix) if they exist")
		.build();

	public static final OperationSpec LABEL_EFFICIENCY = OperationSpec.builder("label-efficiency",
			"The paper's label-efficiency protocol: accuracy against labelled images per class over many 80/20 splits, per encoder.")
		.text("encoder", null, "Encoders", "encoder folders, comma-separated, and/or random:resnet50 / random:resnet18 (untrained baselines), baseline:texture (classical texture numbers)").required()
		.folder("dataset", "Labelled images", "folder of class folders").required()
		.text("labels", "1,2,4,8,16,32,80", "Labels per class", "labelled images per class, comma-separated")
		.integer("split_seeds", 100, "Splits", "train/test splits (seeds 0..N-1)").min(1)
		.outputFolder("out", "Output folder", "where results.csv, summary.json and the boxplot go").required()
		.decimal("test_fraction", 0.2, "Test fraction", "share of each class held out for testing").range(0.01, 0.99).advanced()
		.all(PROBE)
		.flag("split_by_sample", "Split by sample", "keep the images of one sample (file name without its last _number) on one side of each split")
		.integer("max_epochs", 500, "Epoch cap", "paper probe only: cap per classifier").min(1).advanced()
		.integer("random_size", 0, "Untrained input size (px)", "input size of random: encoders (0 = the first encoder folder's, else 224)").min(0).advanced()
		.flag("standardize", "Standardize features", "paper probe only: z-score features before each classifier (the logistic probe always does)")
		.flag("calibrate_bn", "Calibrate batch norm", "measure each pretrained encoder's batch-norm statistics on the dataset's images (no labels), as random: baselines' are")
		.flag("no_refit", "Keep early-stopped weights", "paper probe only: keep the early-stopped weights (the paper) instead of refitting on all labels for the best epoch count").advanced()
		.integer("threads", 0, "Parallel classifiers", "classifiers trained at once (0 = all cores)").min(0).advanced()
		.flag("overwrite", "Replace existing results", "replace results already in the output folder")
		.build();

	public static final OperationSpec ANCHORS = OperationSpec.builder("anchors",
			"Suggest which images to label first (k-medoids in feature space) and, with class folders, compare one-shot k-medoids anchors with random ones and relate one-image-per-class accuracy to how typical the anchors are.")
		.folder("encoder", "Encoder", "the output folder of pretrain").required()
		.folder("dataset", "Images", "folder of images or of class folders").required()
		.outputFolder("out", "Output folder", "where suggested.csv and the study go").required()
		.integer("anchors", 0, "Images to suggest", "images to suggest (0 = number of classes)").min(0)
		.integer("split_seeds", 20, "Splits", "splits of the study (0 = suggestion only)").min(0)
		.integer("random_draws", 10, "Random draws", "random anchor sets per split").min(1).advanced()
		.integer("one_shot_draws", 50, "One-shot draws", "one-image-per-class anchor sets per split for the one-shot study (0 = skip it)").min(0).advanced()
		.folder("masks", "Masks", "masks of the dataset's images (same relative path, or same name directly in the folder): relates one-shot accuracy to the anchors' nanowire density too").advanced()
		.integer("foreground", (Long) null, "Foreground value", "the nanowire class in the masks; default: every non-zero value").advanced()
		.integer("seed", 0, "Random seed", "seeds the random draws").advanced()
		.flag("overwrite", "Replace existing study", "replace a study already in the output folder")
		.build();

	public static final OperationSpec TSNE = OperationSpec.builder("tsne",
			"A 2-D t-SNE map of encoder features coloured by class: tsne.png and tsne.csv (file,class,x,y).")
		.folder("encoder", "Encoder", "the output folder of pretrain (or give features)")
		.folder("images", "Images", "folder of images or of class folders (with features: only for thumbnails)")
		.file("features", "Features CSV", "the CSV of features, instead of an encoder")
		.outputFolder("out", "Output folder", "where tsne.png and tsne.csv go").required()
		.decimal("perplexity", 30.0, "Perplexity", "lowered to (n-1)/3 for few images").min(1)
		.integer("iterations", 1000, "Iterations", "gradient steps").min(250).advanced()
		.integer("seed", 0, "Random seed", "seeds the start of the map").advanced()
		.flag("thumbnails", "Thumbnails", "draw a small thumbnail of each image at its point")
		.flag("overwrite", "Replace existing map", "replace tsne.csv and tsne.png in the output folder")
		.build();

	public static final OperationSpec HPARAM_STUDY = OperationSpec.builder("hparam-study",
			"The paper's hyper-parameter study (Fig. 8): pretrain an encoder per point of batch x crop x projector x seed and score each by k-fold linear-probe accuracy. Resumable: run the same command again and finished points are skipped.")
		.folder("dataset", "Labelled images", "class folders, for the linear probe").required()
		.folder("images", "Unlabelled images", "unlabelled images to pretrain on; default: the dataset's images")
		.outputFolder("out", "Study folder", "the study folder (give the same one to resume)").required()
		.text("batches", "64", "Batch sizes", "comma-separated")
		.text("crops", "randcrop", "Crops", "randcrop, crop25, crop50, nocrop; comma-separated")
		.text("projectors", "128,64,1024", "Projectors", "projector widths, ';' between points")
		.text("seeds", "0", "Pretraining seeds", "comma-separated")
		.integer("folds", 4, "Folds", "cross-validation folds").min(2)
		.integer("split_seed", 0, "Fold seed", "seed of the folds").advanced()
		.all(PRETRAINING.stream().filter(p -> !List.of("batch", "crop", "projector", "seed").contains(p.key())).toList())
		.build();

	public static final OperationSpec TRAIN_SEGMENTER = OperationSpec.builder("train-segmenter",
			"Train the U-Net decoder on a few labelled images, on top of a frozen pretrained encoder (the paper's Fig. 10).")
		.folder("encoder", "Encoder", "the output folder of pretrain").required()
		.folder("images", "Images", "images (searched recursively)").required()
		.folder("masks", "Masks", "masks with the images' relative paths and names (any image ending)").required()
		.integer("foreground", (Long) null, "Foreground value", "the foreground class of a binary task; default: every non-zero value")
		.integer("classes", (Long) null, "Classes", "classes including background, for a multi-class (softmax) segmenter; default: binary").min(2).advanced()
		.integer("size", (Long) null, "Training size (px)", "train at N x N (multiple of 32); 0 = native size padded to a multiple of 32; default: 224,"
			+ " or larger (up to twice the images' side, at most 512) when the labelled structures would be under 4 px wide at 224").min(0)
		.integer("labeled", 8, "Labelled images", "labelled images to train on, chosen as 'choose' says when there are more").min(1)
		.choice("choose", "coverage", CHOOSE, "Choice of images", "which images to train on when there are more than 'labeled': coverage ="
			+ " k-medoids in the encoder's feature space, random = seeded by 'seed'")
		.integer("epochs", 0, "Epochs", "0 = the paper's schedule (1-4 labels: 120, 8: 60, 16: 40, 32: 30, 80: 20)").min(0)
		.integer("batch", 8, "Batch size", "images per step").min(1).advanced()
		.decimal("lr", 0.001, "Learning rate", "Adam learning rate").min(0).advanced()
		.choice("loss", "dice_ce", List.of("dice", "dice_ce"), "Loss", "soft Dice plus pixel cross-entropy, or soft Dice alone (the paper)").advanced()
		.integer("crop", 0, "Training crop (px)", "train on random N x N crops (multiple of 32) of the sized images, one per image per epoch; 0 = whole images").min(0).advanced()
		.integer("decoder_width", 512, "Decoder width", "filters of the decoder's deepest stage, halved at each stage up (a multiple of 8);"
			+ " 1024 = the paper's U-Net, about three times slower to train; a warm start keeps its segmenter's width").min(16).advanced()
		.choice("decoder", "refined", List.of("refined", "paper"), "Decoder", "refined = a 3x3 convolution after each joined skip (about 1.5 times"
			+ " the training time); paper = the paper's U-Net stages; a warm start keeps its segmenter's").advanced()
		.integer("ensemble", 1, "Ensemble", "decoders trained side by side from their own initial weights, their probabilities averaged;"
			+ " steadier over seeds, each one adds a decoder's training time; a warm start keeps its segmenter's").min(1).advanced()
		.flagOn("calibrate_bn", "Calibrate batch norm", "re-measure the frozen encoder's batch-norm statistics on all images (no masks) at the training size; weights unchanged")
		.folder("warm_start", "Warm start from", "start from this segmenter's decoder (same encoder and classes) instead of fresh weights").advanced()
		.integer("seed", 0, "Random seed", "seeds the choice of images, weights and augmentation").advanced()
		.outputFolder("out", "Output folder", "a new or empty folder: segmenter.json (with the training scale) and decoder/").required()
		.choice("device", "auto", DEVICES, "Device", "auto uses a GPU when one works").advanced()
		.integer("threads", 0, "Threads", "TensorFlow threads (0 = all cores)").min(0).advanced()
		.build();

	public static final OperationSpec SEGMENT = OperationSpec.builder("segment",
			"Segment images with a trained segmenter, at the scale it was trained at (overlapping tiles, blended); writes probabilities/ and cleaned masks/ at native size.")
		.folder("segmenter", "Segmenter", "the output folder of train-segmenter").required()
		.folder("encoder", "Encoder (if moved)", "the segmenter's encoder, if it moved (checked by hash); default: the one recorded").advanced()
		.fileOrFolder("images", "Images", "an image, or a folder of images (searched recursively)").required()
		.outputFolder("out", "Output folder", "where probabilities/ and masks/ go").required()
		.integer("tile", 512, "Tile size (px)", "tile side, a multiple of 32 (halved automatically when memory runs out)").min(32).advanced()
		.integer("overlap", 64, "Tile overlap (px)", "pixels shared by neighbouring tiles, blended").min(0).advanced()
		.decimal("scale", 0.0, "Scale", "resample each image by this factor before segmenting (1 = native size); 0 = the scale the segmenter was trained at,"
			+ " from segmenter.json; outputs are at native size").min(0)
		.decimal("min_component", 100.0, "Smallest piece (px)", "remove mask pieces smaller than this many pixels (at the scale the network works at;"
			+ " 0 = keep all)").min(0)
		.decimal("fill_holes", 100.0, "Largest hole filled (px)", "fill holes of at most this many pixels inside the mask (at the scale the network works"
			+ " at; 0 = none)").min(0)
		.flag("overwrite", "Replace existing outputs", "replace existing outputs")
		.choice("device", "auto", DEVICES, "Device", "auto uses a GPU when one works").advanced()
		.integer("threads", 0, "Threads", "TensorFlow threads (0 = all cores)").min(0).advanced()
		.build();

	public static final OperationSpec EXPORT_BIOIMAGEIO = OperationSpec.builder("export-bioimageio",
			"Write a trained segmenter as a bioimage.io model package (zip, format 0.5) that DeepImageJ and other bioimage.io tools run.")
		.folder("segmenter", "Segmenter", "the output folder of train-segmenter").required()
		.folder("encoder", "Encoder (if moved)", "the segmenter's encoder, if it moved (checked by hash); default: the one recorded").advanced()
		.file("sample", "Sample image", "an image like those the model will segment; its centre becomes the package's test and sample image").required()
		.outputFile("out", "Package (.zip)", "the bioimage.io package to write (.zip)").required()
		.text("name", null, "Model name", "the model's name; default: 'SSL-TEM segmenter' and the segmenter's folder name")
		.text("authors", null, "Authors", "who trained the model, separated by commas").required()
		.text("license", "CC-BY-4.0", "Licence", "the model's licence (an SPDX id)")
		.flag("overwrite", "Replace existing package", "replace an existing package")
		.integer("threads", 0, "Threads", "TensorFlow threads (0 = all cores)").min(0).advanced()
		.build();

	public static final OperationSpec SEG_EVAL = OperationSpec.builder("seg-eval",
			"Soft Dice and IoU of predicted masks against true masks, and agreement of their density, cluster count and percolation, per image and summarised, as JSON.")
		.folder("predicted", "Predicted masks", "predicted masks (searched recursively)").required()
		.folder("truth", "True masks", "true masks, same relative paths and names (any image ending)").required()
		.integer("foreground", (Long) null, "Foreground value", "the nanowire (foreground) class; default: every non-zero class")
		.integer("classes", 2, "Classes", "classes including background; 2 also accepts 0/255").min(2).advanced()
		.flag("overwrite", "Replace existing file", "replace the JSON if it exists")
		.outputFile("out", "Scores JSON", "the JSON to write").required()
		.build();

	public static final OperationSpec SEG_LABEL_EFFICIENCY = OperationSpec.builder("seg-label-efficiency",
			"Train segmenters on 1, 2, 4, ... labelled images (several seeds each) and score each on a held-out set (Dice/IoU).")
		.folder("encoder", "Encoder", "the output folder of pretrain").required()
		.folder("images", "Pool images", "training pool images").required()
		.folder("masks", "Pool masks", "training pool masks").required()
		.folder("test_images", "Test images", "held-out images").required()
		.folder("test_masks", "Test masks", "held-out masks").required()
		.outputFolder("out", "Output folder", "a new folder: label-efficiency.csv and segmenters/").required()
		.text("labeled", "1,2,4,8,16,32,80", "Label counts", "labelled images per run, comma-separated")
		.integer("seeds", 3, "Runs per count", "runs per label count").min(1)
		.choice("choose", "coverage", CHOOSE, "Choice of images", "as train-segmenter: which pool images each run trains on")
		.integer("foreground", (Long) null, "Foreground value", "the foreground class of a binary task; default: every non-zero value")
		.integer("classes", (Long) null, "Classes", "classes including background, for a multi-class segmenter").min(2).advanced()
		.integer("size", (Long) null, "Training size (px)", "as train-segmenter (default: chosen from the labelled structures' width); test images are"
			+ " scored at this size").min(0)
		.integer("epochs", 0, "Epochs", "0 = the paper's schedule").min(0)
		.integer("batch", 8, "Batch size", "images per step").min(1).advanced()
		.choice("loss", "dice_ce", List.of("dice", "dice_ce"), "Loss", "soft Dice plus pixel cross-entropy, or soft Dice alone (the paper)").advanced()
		.integer("crop", 0, "Training crop (px)", "as train-segmenter").min(0).advanced()
		.integer("decoder_width", 512, "Decoder width", "as train-segmenter").min(16).advanced()
		.choice("decoder", "refined", List.of("refined", "paper"), "Decoder", "as train-segmenter").advanced()
		.integer("ensemble", 1, "Ensemble", "as train-segmenter").min(1).advanced()
		.flagOn("calibrate_bn", "Calibrate batch norm", "as train-segmenter: the encoder's batch-norm statistics measured on the pool images")
		.choice("device", "auto", DEVICES, "Device", "auto uses a GPU when one works").advanced()
		.integer("threads", 0, "Threads", "TensorFlow threads (0 = all cores)").min(0).advanced()
		.build();

	public static final OperationSpec MORPHOLOGY = OperationSpec.builder("morphology",
			"Percolation, density, clusters, skeleton length, width and orientation of nanowire masks, one CSV row per image.")
		.folder("masks", "Masks", "mask images (searched recursively)").required()
		.integer("size", 0, "Resize to (px)", "resize masks nearest-neighbour to N x N first (0 = native size; the paper used 224)").min(0)
		.integer("foreground", (Long) null, "Foreground value", "the nanowire (foreground) class; default: every non-zero class")
		.integer("classes", 2, "Classes", "classes including background; 2 also accepts 0/255").min(2).advanced()
		.flag("overwrite", "Replace existing file", "replace the CSV if it exists")
		.outputFile("out", "Morphology CSV", "the CSV to write").required()
		.build();

	public static final OperationSpec DEMO = OperationSpec.builder("demo",
			"Run the whole method on synthetic TEM data: generate, pretrain, features, label efficiency, segmentation, morphology (a few minutes on 2 cores, no network).")
		.outputFolder("out", "Output folder", "default: demo-output/run-<date-time>")
		.integer("epochs", 15, "Pretraining epochs", "pretraining epochs").min(1)
		.integer("seed", 0, "Random seed", "seeds the data, the networks and the splits")
		.build();

	/** Every operation, in menu order. */
	public static final List<OperationSpec> ALL = List.of(GENERATE, PRETRAIN, IMPORT_ENCODER, FEATURES, TRAIN_CLASSIFIER, CLASSIFY, LABEL_EFFICIENCY,
		ANCHORS, TSNE, HPARAM_STUDY, TRAIN_SEGMENTER, SEGMENT, EXPORT_BIOIMAGEIO, SEG_EVAL, SEG_LABEL_EFFICIENCY, MORPHOLOGY, DEMO);

	private static final Map<String, OperationSpec> BY_NAME = ALL.stream().collect(Collectors.toMap(OperationSpec::name, Function.identity()));

	/** The operation called {@code name}, or null. */
	public static OperationSpec named(String name) {
		return BY_NAME.get(name);
	}
}
