package org.ssltem.cli;

import org.ssltem.interop.EncoderImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ssl-tem import-encoder}: a published PyTorch or Keras ResNet becomes an encoder folder every command takes. */
@Command(name = "import-encoder", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Import a published encoder (PyTorch state dict of a torchvision ResNet18/50, or Keras ResNet50 HDF5 weights) as an SSL-TEM encoder folder.")
final class ImportEncoderCommand implements Callable<Integer> {

	@Option(names = "--torch", paramLabel = "FILE.pth", description = "PyTorch state dict or checkpoint (torch.save) of a torchvision resnet18 or resnet50")
	Path torch;

	@Option(names = "--keras", paramLabel = "FILE.h5", description = "Keras HDF5 weights: Keras Applications ResNet50, or a model that nests it (save_weights)")
	Path keras;

	@Option(names = "--out", required = true, paramLabel = "DIR", description = "a new or empty folder: manifest.json and checkpoints/")
	Path out;

	@Option(names = "--arch", paramLabel = "resnet50|resnet18", description = "the architecture the file must hold; default: what it holds")
	String arch;

	@Option(names = "--size", paramLabel = "N", defaultValue = "224", description = "input side the encoder will see, a multiple of 32; default: ${DEFAULT-VALUE}")
	int size;

	@Option(names = "--prefix", paramLabel = "KEY", description = "PyTorch only: key prefix of the encoder's tensors, e.g. state_dict.module.encoder_q.; default: found")
	String prefix;

	@Option(names = "--normalisation", paramLabel = "N", defaultValue = "auto", description = "input normalisation the weights expect: " + EncoderImport.NORMALISATION_CHOICES
		+ "; default: ${DEFAULT-VALUE}")
	String normalisation;

	@Option(names = "--overwrite", description = "replace --out if it holds an encoder")
	boolean overwrite;

	@Override
	public Integer call() {
		EncoderImport.Result r = Main.cancellable(cancel -> EncoderImport.run(EncoderImport.request(torch, keras, out, arch, size, prefix, normalisation, overwrite),
			new ConsoleProgress(System.err), cancel));
		System.out.println(String.format(Locale.ROOT, "%s (%s, sha256 %s…): %d tensors mapped, %d left out, input %s, %.1f s -> %s", r.architecture().key, r.format(),
			r.sha256().substring(0, 12), r.variables(), r.ignored().size(), r.normalisation().key(), r.seconds(), r.out()));
		return 0;
	}
}
