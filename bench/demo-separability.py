#!/usr/bin/env python3
"""How separable the demo's four morphologies are, from their true masks and from simple image statistics.

Usage: /usr/bin/python3 bench/demo-separability.py DATA_DIR
DATA_DIR is what `ssl-tem generate --out DATA_DIR --per_class 24 --size 128 --seed 0` writes (images/<class>/,
masks/<class>/). Logistic regression (scikit-learn) on standardised features, 20 random splits: k labelled images
per class from the first 19 of a shuffled class, tested on its last 5. Needs python3-sklearn and python3-skimage.
"""
import glob
import sys

import numpy as np
import skimage.io as io
from skimage.filters import sato
from skimage.measure import label, regionprops
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler


def grey(path):
    a = io.imread(path)
    return a if a.ndim == 2 else a[..., 0]


def mask_measures(mask):
    pieces = regionprops(label(mask))
    areas = np.array([p.area for p in pieces]) if pieces else np.array([0])
    eccentricity = np.mean([p.eccentricity for p in pieces]) if pieces else 0
    return [mask.mean(), len(pieces), np.log1p(areas.mean()), np.log1p(areas.max()), eccentricity]


def ridge_statistics(image):
    a = image.astype(float)
    a = (a - a.mean()) / a.std()
    return [np.percentile(sato(a, sigmas=[s], black_ridges=dark), q)
            for s in (1, 2, 3) for dark in (True, False) for q in (50, 90, 99)]


def main(data):
    classes = sorted(p.split('/')[-1] for p in glob.glob(data + '/images/*'))
    masks, ridges, y = [], [], []
    for c, name in enumerate(classes):
        for f in sorted(glob.glob(data + '/images/' + name + '/*.png')):
            masks.append(mask_measures(grey(f.replace('/images/', '/masks/')) > 0))
            ridges.append(ridge_statistics(grey(f)))
            y.append(c)
    y = np.array(y)
    rng = np.random.default_rng(0)
    for name, features in (('true-mask measures', np.array(masks)), ('ridge-filter statistics', np.array(ridges))):
        for k in (4, 16):
            accuracies = []
            for _ in range(20):
                train, test = [], []
                for c in range(len(classes)):
                    order = rng.permutation(np.where(y == c)[0])
                    train += list(order[:k])
                    test += list(order[19:])
                scaler = StandardScaler().fit(features[train])
                model = LogisticRegression(max_iter=2000).fit(scaler.transform(features[train]), y[train])
                accuracies.append((model.predict(scaler.transform(features[test])) == y[test]).mean())
            print(f'{name:24s} {k:2d} labels/class: median accuracy {np.median(accuracies):.3f}')


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
