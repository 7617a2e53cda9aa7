"""Reference fixtures for the encoder import tests, written into a temporary folder.

  torch OUT [ARCH...]: randomly initialised torchvision resnet18 and resnet50 (batch-norm statistics measured on random
             inputs, eval mode), saved with torch.save as a state dict (zip and legacy format) and as a MoCo-style
             checkpoint; OUT/images.u8 holds N grey 64x64 images (uint8) and OUT/<arch>_features.csv their pooled
             features after torchvision's ImageNet normalisation of the grey image repeated to RGB.
  keras OUT: Keras ResNet50 weights in the Keras 2 HDF5 layouts (Keras Applications 'notop' file, and a model that
             nests 'resnet50' under a projection head, as model.save_weights writes them), with features of the same
             images from an independent forward pass that follows keras/applications/resnet.py (stride on the first
             1x1 convolution, convolutions with bias, batch-norm epsilon 1.001e-5, zero padding before pool1).
"""
import sys, os
import numpy as np
import torch
import torch.nn.functional as F

SIZE, N = 64, 3


def images(out):
    rng = np.random.default_rng(7)
    yy, xx = np.mgrid[0:SIZE, 0:SIZE]
    imgs = []
    for i in range(N):
        a = rng.uniform(0, np.pi)
        base = 0.5 + 0.4 * np.sin((np.cos(a) * xx + np.sin(a) * yy) * rng.uniform(0.2, 0.6))
        imgs.append(np.clip(np.round((base + rng.normal(0, 0.08, base.shape)) * 255), 0, 255).astype(np.uint8))
    imgs = np.stack(imgs)
    imgs.tofile(os.path.join(out, "images.u8"))
    return torch.from_numpy(imgs.astype(np.float32) / 255.0)[:, None]  # N,1,H,W in [0,1]


def torch_fixtures(out, arches=("resnet18", "resnet50")):
    import torchvision
    torch.manual_seed(1)
    grey = images(out)
    mean = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
    std = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)
    x = (grey.repeat(1, 3, 1, 1) - mean) / std
    for arch in arches:
        model = getattr(torchvision.models, arch)()
        last = "bn3" if arch == "resnet50" else "bn2"
        for name, m in model.named_modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.reset_running_stats()
                m.momentum = None  # cumulative average: exact statistics of the calibration batches
                with torch.no_grad():
                    # a residual branch's last batch norm scaled down, as in trained ResNets, keeps features O(1)
                    m.weight.uniform_(0.1, 0.5) if name.endswith(last) else m.weight.uniform_(0.5, 1.5)
                    m.bias.normal_(0, 0.2)
        model.train()
        with torch.no_grad():
            for _ in range(2):
                model(torch.randn(16, 3, SIZE, SIZE))
        model.eval()
        state = model.state_dict()
        torch.save(state, os.path.join(out, arch + ".pth"))
        if arch == "resnet18":
            torch.save(state, os.path.join(out, arch + "-legacy.pth"), _use_new_zipfile_serialization=False)
            wrapped = {"module.encoder_q." + k: v for k, v in state.items() if not k.startswith("fc.")}
            wrapped.update({"module.encoder_k." + k: v * 0.5 for k, v in state.items() if k.endswith("weight")})
            wrapped["module.encoder_q.fc.0.weight"] = torch.randn(512, 512)
            wrapped["module.queue"] = torch.randn(128, 256)
            wrapped["module.queue_ptr"] = torch.zeros(1, dtype=torch.long)
            torch.save({"epoch": 200, "arch": arch, "state_dict": wrapped, "optimizer": {"state": {}, "param_groups": [{"lr": 0.03}]},
                        "norms": [0.57, 0.125]},
                       os.path.join(out, arch + "-moco.pth.tar"))
        model.fc = torch.nn.Identity()
        with torch.no_grad():
            features = model(x).numpy()
        np.savetxt(os.path.join(out, arch + "_features.csv"), features, delimiter=",", fmt="%.9g")


# ---- Keras ResNet50 (keras/applications/resnet.py: ResNet50 = stack1 64x3, 128x4, 256x6, 512x3 of block1) ----

def keras_layers():
    """(layer name, kind, filters, kernel, input channels) of every layer with weights, in model order."""
    layers = [("conv1_conv", "conv", 64, 7, 3), ("conv1_bn", "bn", 64, 0, 0)]
    channels = 64
    for stage, (filters, blocks) in enumerate([(64, 3), (128, 4), (256, 6), (512, 3)], start=2):
        for b in range(1, blocks + 1):
            name = "conv%d_block%d" % (stage, b)
            if b == 1:
                layers += [(name + "_0_conv", "conv", 4 * filters, 1, channels), (name + "_0_bn", "bn", 4 * filters, 0, 0)]
            layers += [(name + "_1_conv", "conv", filters, 1, channels), (name + "_1_bn", "bn", filters, 0, 0),
                       (name + "_2_conv", "conv", filters, 3, filters), (name + "_2_bn", "bn", filters, 0, 0),
                       (name + "_3_conv", "conv", 4 * filters, 1, filters), (name + "_3_bn", "bn", 4 * filters, 0, 0)]
            channels = 4 * filters
    return layers


def keras_forward(w, x, calibrate):
    """Keras ResNet50 on NCHW input; with calibrate, each batch norm first takes its batch's statistics as moving ones."""
    def conv(name, x, stride, pad):
        k = torch.from_numpy(w[name + "/kernel:0"]).permute(3, 2, 0, 1)  # HWIO -> OIHW
        return F.conv2d(x, k, torch.from_numpy(w[name + "/bias:0"]), stride=stride, padding=pad)

    def bn(name, x):
        if calibrate:
            w[name + "/moving_mean:0"] = x.mean(dim=(0, 2, 3)).numpy().astype(np.float32)
            w[name + "/moving_variance:0"] = x.var(dim=(0, 2, 3), unbiased=False).numpy().astype(np.float32)
        t = lambda k: torch.from_numpy(w[name + "/" + k + ":0"])
        return F.batch_norm(x, t("moving_mean"), t("moving_variance"), t("gamma"), t("beta"), False, 0.0, 1.001e-5)

    x = F.pad(x, (3, 3, 3, 3))
    x = F.relu(bn("conv1_bn", conv("conv1_conv", x, 2, 0)))
    x = F.max_pool2d(F.pad(x, (1, 1, 1, 1)), 3, 2)  # ZeroPadding2D then MaxPooling2D(3, strides=2)
    for stage, blocks in zip(range(2, 6), [3, 4, 6, 3]):
        for b in range(1, blocks + 1):
            name = "conv%d_block%d" % (stage, b)
            stride = 2 if (b == 1 and stage > 2) else 1
            shortcut = bn(name + "_0_bn", conv(name + "_0_conv", x, stride, 0)) if b == 1 else x
            y = F.relu(bn(name + "_1_bn", conv(name + "_1_conv", x, stride, 0)))
            y = F.relu(bn(name + "_2_bn", conv(name + "_2_conv", y, 1, 1)))  # 3x3 'SAME' at stride 1
            y = bn(name + "_3_bn", conv(name + "_3_conv", y, 1, 0))
            x = F.relu(shortcut + y)
    return x.mean(dim=(2, 3))


def keras_fixtures(out):
    import h5py
    rng = np.random.default_rng(3)
    torch.manual_seed(3)
    grey = images(out)
    w = {}
    for name, kind, filters, k, cin in keras_layers():
        if kind == "conv":
            w[name + "/kernel:0"] = (rng.normal(0, np.sqrt(2.0 / (k * k * cin)), (k, k, cin, filters))).astype(np.float32)
            w[name + "/bias:0"] = rng.normal(0, 0.1, filters).astype(np.float32)
        else:
            w[name + "/gamma:0"] = rng.uniform(0.5, 1.5, filters).astype(np.float32)
            w[name + "/beta:0"] = rng.normal(0, 0.2, filters).astype(np.float32)
    with torch.no_grad():
        keras_forward(w, torch.randn(16, 3, SIZE, SIZE) * 0.3 + 0.5, calibrate=True)
        features = keras_forward(w, grey.repeat(1, 3, 1, 1), calibrate=False).numpy()
    np.savetxt(os.path.join(out, "keras_features.csv"), features, delimiter=",", fmt="%.9g")

    def weight_names(layer, kind):
        fields = ["kernel", "bias"] if kind == "conv" else ["gamma", "beta", "moving_mean", "moving_variance"]
        return [("%s/%s:0" % (layer, f)) for f in fields]

    # Keras Applications 'notop' file: one group per layer (layers without weights too), datasets at layer/layer/weight:0
    all_layers = ["input_1", "conv1_pad"] + [l[0] for l in keras_layers()] + ["conv1_relu", "pool1_pad", "pool1_pool"]
    with h5py.File(os.path.join(out, "resnet50_notop.h5"), "w") as f:
        f.attrs["layer_names"] = [n.encode() for n in all_layers]
        f.attrs["backend"] = b"tensorflow"
        f.attrs["keras_version"] = b"2.2.4"
        for name in all_layers:
            g = f.create_group(name)
            kind = dict((l[0], l[1]) for l in keras_layers()).get(name)
            names = weight_names(name, kind) if kind else []
            g.attrs["weight_names"] = [n.encode() for n in names]
            for n in names:
                g.create_dataset(n, data=w[n])
    # the paper's notebooks: Model(inputs, projector(resnet50(inputs))).save_weights(...): 'resnet50' is one layer
    with h5py.File(os.path.join(out, "barlow_resnet_batch64_project128_64_1024_seed1.h5"), "w") as f:
        f.attrs["layer_names"] = [b"input_2", b"resnet50", b"dense", b"batch_normalization", b"dense_1"]
        f.attrs["backend"] = b"tensorflow"
        f.attrs["keras_version"] = b"2.8.0"
        f.create_group("input_2").attrs["weight_names"] = []
        g = f.create_group("resnet50")
        names = [n for l in keras_layers() for n in weight_names(l[0], l[1])]
        g.attrs["weight_names"] = [n.encode() for n in names]
        for n in names:
            g.create_dataset(n, data=w[n])
        d = f.create_group("dense")
        d.attrs["weight_names"] = [b"dense/kernel:0", b"dense/bias:0"]
        d.create_dataset("dense/kernel:0", data=rng.normal(0, 0.01, (2048, 128)).astype(np.float32))
        d.create_dataset("dense/bias:0", data=np.zeros(128, np.float32))


if __name__ == "__main__":
    out = sys.argv[2]
    os.makedirs(out, exist_ok=True)
    if sys.argv[1] == "torch":
        torch_fixtures(out, *([sys.argv[3:]] if len(sys.argv) > 3 else []))
    else:
        keras_fixtures(out)
