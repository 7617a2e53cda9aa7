package org.ssltem.spark;

/** What every operation records the same way: its name, how a folder is listed, its batch and its model identity. */
abstract class BaseImageWork implements ImageWork {

	private static final long serialVersionUID = 1L;

	private final String operation;
	private final ImageInputs.FolderLayout layout;
	private final int batch;
	private String identity;

	BaseImageWork(String operation, ImageInputs.FolderLayout layout, int batch) {
		this.operation = operation;
		this.layout = layout;
		this.batch = batch;
	}

	/** Sets the model identity once the constructor has checked and hashed the model. */
	final void identify(String sha256) {
		identity = sha256;
	}

	@Override
	public final String operation() {
		return operation;
	}

	@Override
	public final String modelIdentity() {
		return identity;
	}

	@Override
	public final ImageInputs.FolderLayout layout() {
		return layout;
	}

	@Override
	public final int batch() {
		return batch;
	}
}
