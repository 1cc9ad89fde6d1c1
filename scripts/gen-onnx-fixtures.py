#!/usr/bin/env python3
"""Generates fixtures/onnx/: scikit-learn MLPs as ONNX models, with sklearn's own predictions.

skl2onnx could not be installed where these fixtures were made (it is neither on the PyPI
mirror nor in Debian). So this script builds, with `onnx.helper`, the same graph that
skl2onnx 1.21.0 writes for `MLPClassifier` / `MLPRegressor` (sklearn-onnx at commit
33c9f268ab8b8bcb7e1ff07525d73f2e9e790361: skl2onnx/operator_converters/multilayer_perceptron.py,
the classifier post-processing in skl2onnx/_parse.py and operator_converters/zip_map.py):

  Cast(X) -> per layer MatMul(coefficient [in, out]) + Add(intercepts [1, out]) -> activation
  (Relu / Tanh / Sigmoid / Identity for relu / tanh / logistic / identity; the output layer's
  out_activation_: Sigmoid, Softmax or Identity)
  classifier: binary: Sub(1, p) and Concat([1 - p, p], axis=1); else Identity -> "probabilities";
              ArgMax(axis=1) -> ArrayFeatureExtractor(classes) (ai.onnx.ml) -> Reshape(-1)
              [-> Cast(INT64) for integer classes] -> "label";
              with zipmap: ZipMap -> "output_probability" and Cast/Identity -> "output_label"
  regressor:  Reshape(-1, 1) -> "variable"

The graphs are NOT written by skl2onnx; they reproduce its converter's output node for node.
Each model is checked with onnxruntime against sklearn's predict_proba / predict before it is
written. Beside each `<name>.onnx`, `<name>.json` holds the inputs and scikit-learn's outputs
(float64 values as Python's repr, exact), computed by sklearn itself (not by the graph).

    python3 scripts/gen-onnx-fixtures.py      # rewrites fixtures/onnx/
"""

from __future__ import annotations

import json
import os
import warnings

import numpy as np
import onnx
import onnxruntime as ort
import sklearn
from onnx import TensorProto, helper, numpy_helper
from sklearn.datasets import make_blobs, make_friedman1, make_moons
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier, MLPRegressor

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
OUT = os.path.join(ROOT, "fixtures", "onnx")
OPSET = 21  # skl2onnx 1.21's default target opset for onnx 1.23 is newer; 21 runs everywhere
ML_OPSET = 1
ACTIVATIONS = {
    "identity": "Identity",
    "tanh": "Tanh",
    "logistic": "Sigmoid",
    "relu": "Relu",
    "softmax": "Softmax",
}


class Names:
    """skl2onnx's scope.get_unique_variable_name: name, name1, name2, ..."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def __call__(self, base: str) -> str:
        name, i = base, 0
        while name in self.used:
            i += 1
            name = f"{base}{i}"
        self.used.add(name)
        return name


def forward_pass(model, proto_dtype, np_dtype, names, nodes, inits, first):
    """skl2onnx's _predict + _forward_pass."""
    cast = names("cast_input")
    nodes.append(helper.make_node("Cast", [first], [cast], name=names("Cast"), to=proto_dtype))
    activations = [cast]
    out_name = names("out_activations_result")
    add_name = None
    for i in range(model.n_layers_ - 1):
        coef = names("coefficient")
        icpt = names("intercepts")
        mul = names("mul_result")
        add_name = names("add_result")
        inits.append(numpy_helper.from_array(model.coefs_[i].astype(np_dtype), coef))
        inits.append(
            numpy_helper.from_array(
                model.intercepts_[i].astype(np_dtype).reshape(1, -1), icpt
            )
        )
        nodes.append(helper.make_node("MatMul", [activations[i], coef], [mul], name=names("MatMul")))
        nodes.append(helper.make_node("Add", [mul, icpt], [add_name], name=names("Add")))
        if (i + 1) != (model.n_layers_ - 1):
            nxt = names("next_activations")
            op = ACTIVATIONS[model.activation]
            nodes.append(helper.make_node(op, [add_name], [nxt], name=names(op)))
            activations.append(nxt)
    op = ACTIVATIONS[model.out_activation_]
    nodes.append(
        helper.make_node(op, [add_name], [out_name], name=names(ACTIVATIONS[model.activation]))
    )
    return out_name


def reshape(names, nodes, inits, src, dst, shape):
    shape_name = names("shape_tensor")
    inits.append(numpy_helper.from_array(np.array(shape, dtype=np.int64), shape_name))
    nodes.append(helper.make_node("Reshape", [src, shape_name], [dst], name=names("Reshape")))


def classifier_graph(model, dtype, zipmap, input_name):
    proto_dtype = TensorProto.DOUBLE if dtype == "float64" else TensorProto.FLOAT
    np_dtype = np.float64 if dtype == "float64" else np.float32
    names = Names()
    names.used.update([input_name, "label", "probabilities"])
    nodes, inits = [], []
    y_pred = forward_pass(model, proto_dtype, np_dtype, names, nodes, inits, input_name)
    classes = model.classes_
    if model._label_binarizer.y_type_ == "multilabel-indicator":
        # skl2onnx: the probabilities as they are, the labels by a Binarizer at 0.5, cast to INT64.
        nodes.append(helper.make_node("Identity", [y_pred], ["probabilities"], name=names("Identity")))
        binarised = names("binariser_output")
        nodes.append(
            helper.make_node("Binarizer", [y_pred], [binarised], name=names("Binarizer"),
                             domain="ai.onnx.ml", threshold=0.5)
        )
        nodes.append(helper.make_node("Cast", [binarised], ["label"], name=names("Cast"), to=TensorProto.INT64))
        k = len(classes)
        outputs = [
            helper.make_tensor_value_info("label", TensorProto.INT64, [None, k]),
            helper.make_tensor_value_info("probabilities", proto_dtype, [None, k]),
        ]
        inputs = [helper.make_tensor_value_info(input_name, proto_dtype, [None, model.n_features_in_])]
        return nodes, inits, inputs, outputs
    if np.issubdtype(classes.dtype, np.integer):
        class_type = TensorProto.INT32
        classes = classes.astype(np.int32)
        label_type = TensorProto.INT64
    else:
        class_type = TensorProto.STRING
        classes = np.array([str(s).encode("utf-8") for s in classes], dtype=object)
        label_type = TensorProto.STRING
    if len(classes) == 2:
        unity = names("unity")
        neg = names("negative_class_proba")
        inits.append(helper.make_tensor(unity, proto_dtype, [], [1]))
        nodes.append(helper.make_node("Sub", [unity, y_pred], [neg], name=names("Sub")))
        nodes.append(
            helper.make_node("Concat", [neg, y_pred], ["probabilities"], name=names("Concat"), axis=1)
        )
    else:
        nodes.append(
            helper.make_node("Identity", [y_pred], ["probabilities"], name=names("Identity"))
        )
    argmax = names("argmax_output")
    afe = names("array_feature_extractor_result")
    classes_name = names("classes")
    if class_type == TensorProto.STRING:
        inits.append(helper.make_tensor(classes_name, class_type, classes.shape, list(classes)))
    else:
        inits.append(numpy_helper.from_array(classes, classes_name))
    nodes.append(
        helper.make_node("ArgMax", ["probabilities"], [argmax], name=names("ArgMax"), axis=1)
    )
    nodes.append(
        helper.make_node(
            "ArrayFeatureExtractor",
            [classes_name, argmax],
            [afe],
            name=names("ArrayFeatureExtractor"),
            domain="ai.onnx.ml",
        )
    )
    if class_type == TensorProto.INT32:
        reshaped = names("reshaped_result")
        reshape(names, nodes, inits, afe, reshaped, [-1])
        nodes.append(
            helper.make_node("Cast", [reshaped], ["label"], name=names("Cast"), to=TensorProto.INT64)
        )
    else:
        reshape(names, nodes, inits, afe, "label", [-1])
    n_classes = len(classes)
    if zipmap:
        # skl2onnx's ZipMap converter: the labels cast to INT64 (or an Identity for strings),
        # the probabilities zipped into a sequence of maps.
        if label_type == TensorProto.STRING:
            nodes.append(helper.make_node("Identity", ["label"], ["output_label"], name=names("Identity")))
            attrs = {"classlabels_strings": [str(c) for c in model.classes_]}
            key_type = TensorProto.STRING
        else:
            nodes.append(
                helper.make_node("Cast", ["label"], ["output_label"], name=names("Cast"), to=TensorProto.INT64)
            )
            attrs = {"classlabels_int64s": [int(c) for c in model.classes_]}
            key_type = TensorProto.INT64
        nodes.append(
            helper.make_node(
                "ZipMap",
                ["probabilities"],
                ["output_probability"],
                name=names("ZipMap"),
                domain="ai.onnx.ml",
                **attrs,
            )
        )
        outputs = [
            helper.make_tensor_value_info("output_label", label_type, [None]),
            helper.make_value_info(
                "output_probability",
                helper.make_sequence_type_proto(
                    helper.make_map_type_proto(key_type, helper.make_tensor_type_proto(proto_dtype, []))
                ),
            ),
        ]
    else:
        outputs = [
            helper.make_tensor_value_info("label", label_type, [None]),
            helper.make_tensor_value_info("probabilities", proto_dtype, [None, n_classes]),
        ]
    inputs = [helper.make_tensor_value_info(input_name, proto_dtype, [None, model.n_features_in_])]
    return nodes, inits, inputs, outputs


def regressor_graph(model, dtype, input_name):
    proto_dtype = TensorProto.DOUBLE if dtype == "float64" else TensorProto.FLOAT
    np_dtype = np.float64 if dtype == "float64" else np.float32
    names = Names()
    names.used.update([input_name, "variable"])
    nodes, inits = [], []
    y_pred = forward_pass(model, proto_dtype, np_dtype, names, nodes, inits, input_name)
    reshape(names, nodes, inits, y_pred, "variable", [-1, 1])
    inputs = [helper.make_tensor_value_info(input_name, proto_dtype, [None, model.n_features_in_])]
    outputs = [helper.make_tensor_value_info("variable", proto_dtype, [None, 1])]
    return nodes, inits, inputs, outputs


def make_model(graph_parts, name):
    nodes, inits, inputs, outputs = graph_parts
    graph = helper.make_graph(nodes, name, inputs, outputs, inits)
    model = helper.make_model(
        graph,
        producer_name="skl2onnx",
        producer_version="1.21.0",
        domain="ai.onnx",
        model_version=0,
        doc_string="",
        opset_imports=[helper.make_opsetid("", OPSET), helper.make_opsetid("ai.onnx.ml", ML_OPSET)],
    )
    model.ir_version = 10
    onnx.checker.check_model(model, full_check=True)
    return model


def floats(a):
    return [[float(v) for v in row] for row in np.asarray(a, dtype=np.float64)]


def labels(a):
    a = np.asarray(a)
    if a.ndim == 2:  # multi-label indicator rows
        return [[int(v) for v in row] for row in a]
    return [v.item() if hasattr(v, "item") else v for v in a]


def write(name, model, meta):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, f"{name}.onnx"), "wb") as f:
        f.write(model.SerializeToString())
    with open(os.path.join(OUT, f"{name}.json"), "w") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")
    print(f"fixtures/onnx/{name}.onnx: {meta['description']}")


def check(model, X, feeds_dtype, expect, input_name):
    sess = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    res = sess.run(None, {input_name: X.astype(feeds_dtype)})
    got = dict(zip([o.name for o in sess.get_outputs()], res))
    for key, (want, tol) in expect.items():
        value = got[key]
        if key == "output_probability":
            value = np.array([[m[k] for k in sorted(m, key=list(m).index)] for m in value])
        if value.dtype.kind in "fc":
            err = np.max(np.abs(value - want) / np.maximum(np.abs(want), 1))
            assert err <= tol, f"{key}: error {err} > {tol}"
        else:
            assert np.array_equal(np.asarray(value), np.asarray(want).astype(np.asarray(value).dtype)), (
                f"{key}: {list(value)[:5]} != {list(want)[:5]}"
            )


def classifier(name, X, y, activation, hidden, dtype, zipmap=False, seed=0, description=""):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf = MLPClassifier(
            hidden_layer_sizes=hidden, activation=activation, max_iter=300, random_state=seed
        ).fit(X, y)
    Xq = X[:40]
    input_name = "X" if dtype == "float64" else "float_input"
    model = make_model(classifier_graph(clf, dtype, zipmap, input_name), f"mlp_{name}")
    Xf = Xq if dtype == "float64" else Xq.astype(np.float32).astype(np.float64)
    proba = clf.predict_proba(Xf)
    pred = clf.predict(Xf)
    feed = np.float64 if dtype == "float64" else np.float32
    tol = 1e-12 if dtype == "float64" else 1e-5
    prob_key = "output_probability" if zipmap else "probabilities"
    label_key = "output_label" if zipmap else "label"
    check(model, Xf, feed, {prob_key: (proba, tol), label_key: (pred, 0)}, input_name)
    write(
        name,
        model,
        {
            "description": description,
            "sklearn": sklearn.__version__,
            "reproduces": "skl2onnx 1.21.0 converter output (graph built with onnx.helper; skl2onnx not installed)",
            "estimator": "MLPClassifier",
            "activation": activation,
            "hidden_layer_sizes": list(hidden),
            "dtype": dtype,
            "zipmap": zipmap,
            "inputName": input_name,
            "classes": labels(clf.classes_),
            "X": floats(Xf),
            "predict_proba": floats(proba),
            "predict": labels(pred),
        },
    )


def regressor(name, X, y, activation, hidden, dtype, seed=0, description=""):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        reg = MLPRegressor(
            hidden_layer_sizes=hidden, activation=activation, max_iter=300, random_state=seed
        ).fit(X, y)
    Xq = X[:40]
    input_name = "X" if dtype == "float64" else "float_input"
    model = make_model(regressor_graph(reg, dtype, input_name), f"mlp_{name}")
    Xf = Xq if dtype == "float64" else Xq.astype(np.float32).astype(np.float64)
    pred = reg.predict(Xf)
    feed = np.float64 if dtype == "float64" else np.float32
    tol = 1e-12 if dtype == "float64" else 1e-5
    check(model, Xf, feed, {"variable": (pred.reshape(-1, 1), tol)}, input_name)
    write(
        name,
        model,
        {
            "description": description,
            "sklearn": sklearn.__version__,
            "reproduces": "skl2onnx 1.21.0 converter output (graph built with onnx.helper; skl2onnx not installed)",
            "estimator": "MLPRegressor",
            "activation": activation,
            "hidden_layer_sizes": list(hidden),
            "dtype": dtype,
            "inputName": input_name,
            "X": floats(Xf),
            "predict": [float(v) for v in pred],
        },
    )


def main():
    Xm, ym = make_moons(n_samples=200, noise=0.2, random_state=0)
    Xb, yb = make_blobs(n_samples=300, centers=4, n_features=3, random_state=1)
    Xs, ys = make_blobs(n_samples=300, centers=3, n_features=2, random_state=2)
    names = np.array(["setosa", "versicolor", "virginica"])
    Xr, yr = make_friedman1(n_samples=200, n_features=5, noise=0.1, random_state=3)

    classifier("binary_relu_f64", Xm, ym, "relu", (16, 8), "float64",
               description="MLPClassifier relu (16, 8) on make_moons, binary labels 0/1, float64")
    classifier("binary_logistic_f64_labels", Xm, np.where(ym == 1, 7, 3), "logistic", (10,), "float64",
               description="MLPClassifier logistic (10,) on make_moons, binary labels 3/7, float64")
    classifier("multiclass_tanh_f64_strings", Xs, names[ys], "tanh", (12,), "float64",
               description="MLPClassifier tanh (12,) on 3 blobs, string labels, float64")
    classifier("multiclass_identity_f64", Xb, yb, "identity", (6,), "float64",
               description="MLPClassifier identity (6,) on 4 blobs in 3-D, labels 0..3, float64")
    classifier("multiclass_relu_f32_zipmap", Xb, yb, "relu", (20, 10), "float32", zipmap=True,
               description="MLPClassifier relu (20, 10) on 4 blobs, float32 with ZipMap (skl2onnx's default)")
    Y3 = np.stack([Xb[:, 0] > 0, Xb[:, 1] > 0, Xb[:, 0] + Xb[:, 2] > 1], axis=1).astype(int)
    classifier("multilabel_relu_f32", Xb, Y3, "relu", (12,), "float32",
               description="MLPClassifier relu (12,) on 3 binary indicator labels (multi-label), float32 (ONNX Runtime has no double Binarizer)")
    regressor("regressor_relu_f64", Xr, yr, "relu", (32, 16), "float64",
              description="MLPRegressor relu (32, 16) on make_friedman1, float64")
    regressor("regressor_tanh_f64", Xr, yr, "tanh", (20,), "float64",
              description="MLPRegressor tanh (20,) on make_friedman1, float64")
    regressor("regressor_logistic_f32", Xr, yr, "logistic", (16,), "float32",
              description="MLPRegressor logistic (16,) on make_friedman1, float32")
    regressor("regressor_identity_f64", Xr, yr, "identity", (8,), "float64",
              description="MLPRegressor identity (8,) on make_friedman1, float64")


if __name__ == "__main__":
    main()
