#!/usr/bin/python3
"""Reference models for bench/model.ts and bench/scoring-reference.ts: logistic regression and
XGBoost on the same data.

Usage: /usr/bin/python3 bench/reference_model.py DATASET.csv
The CSV has one column per feature (empty = missing), then `label` (0/1) and `split`
(train/test), and optionally `group` (the tenant of a snapshot row: early stopping then holds out
whole tenants, as our trainer does, instead of random rows of tenants it also trains on). Categorical codes are given to both models as numbers, which trees handle
well; the logistic regression gets median imputation plus missing indicators.
Prints one JSON object on stdout.
"""
import json
import os
import sys
import time

import numpy as np
import pandas as pd
import xgboost as xgb
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupShuffleSplit, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

SEED = 42

# The native API: in this xgboost build the scikit-learn wrapper with an eval set and early
# stopping is ~15x slower than the same training through xgb.train, which would flatter us.
# One thread, like our trainer: on a busy 2-vCPU machine OpenMP's spinning barriers made
# 2-thread timings swing from 3 s to 40 s between identical runs.
XGB_PARAMS = {
    "objective": "binary:logistic",
    "eta": 0.05,
    "max_depth": 4,
    "subsample": 0.8,
    "colsample_bytree": 0.8,
    "min_child_weight": 5,
    "tree_method": "hist",
    "max_bin": 256,
    "eval_metric": "logloss",
    "nthread": 1,
    "seed": SEED,
}


def load_dataset(path: str):
    """The CSV of bench/dataset-csv.ts as (feature names, x_train, y_train, x_test, y_test,
    groups of the train rows or None)."""
    frame = pd.read_csv(path)
    features = [c for c in frame.columns if c not in ("label", "split", "group")]
    train = frame[frame["split"] == "train"]
    test = frame[frame["split"] == "test"]
    return (
        features,
        train[features].to_numpy(dtype=np.float64),
        train["label"].to_numpy(),
        test[features].to_numpy(dtype=np.float64),
        test["label"].to_numpy(),
        train["group"].to_numpy() if "group" in frame.columns else None,
    )


def fit_xgboost(x_train, y_train, groups=None, **params):
    """XGBoost (XGB_PARAMS, overridden by params), early-stopped on 15% of the training rows
    (stratified; whole groups when given), the same protocol as ours. Returns the booster and
    its trees' iteration range."""
    if groups is None:
        x_fit, x_val, y_fit, y_val = train_test_split(
            x_train, y_train, test_size=0.15, stratify=y_train, random_state=SEED
        )
    else:
        fit_rows, val_rows = next(
            GroupShuffleSplit(n_splits=1, test_size=0.15, random_state=SEED).split(
                x_train, y_train, groups
            )
        )
        x_fit, x_val, y_fit, y_val = (
            x_train[fit_rows],
            x_train[val_rows],
            y_train[fit_rows],
            y_train[val_rows],
        )
    fit = xgb.DMatrix(x_fit, label=y_fit)
    val = xgb.DMatrix(x_val, label=y_val)
    booster = xgb.train(
        {**XGB_PARAMS, **params},
        fit,
        num_boost_round=3000,
        evals=[(val, "val")],
        early_stopping_rounds=100,
        verbose_eval=False,
    )
    return booster, (0, booster.best_iteration + 1)


def fit_reference_models(x_train, y_train, x_test, y_test, groups=None):
    """Logistic regression and XGBoost fitted on the train rows, measured on the test rows.

    Returns (figures, logreg pipeline, booster, iteration range of the early-stopped trees).
    """
    started = time.perf_counter()
    logreg = make_pipeline(
        SimpleImputer(strategy="median", add_indicator=True),
        StandardScaler(),
        LogisticRegression(max_iter=2000),
    )
    logreg.fit(x_train, y_train)
    logreg_seconds = time.perf_counter() - started
    logreg_auc = roc_auc_score(y_test, logreg.predict_proba(x_test)[:, 1])

    started = time.perf_counter()
    booster, trees = fit_xgboost(x_train, y_train, groups)
    xgb_seconds = time.perf_counter() - started
    xgb_auc = roc_auc_score(y_test, booster.inplace_predict(x_test, iteration_range=trees))
    figures = {
        "rows_train": int(len(y_train)),
        "rows_test": int(len(y_test)),
        "positives_train": int(y_train.sum()),
        "positives_test": int(y_test.sum()),
        "logreg_auc": round(float(logreg_auc), 5),
        "logreg_train_seconds": round(logreg_seconds, 3),
        "xgboost_auc": round(float(xgb_auc), 5),
        "xgboost_train_seconds": round(xgb_seconds, 3),
        "xgboost_threads": 1,
        "xgboost_trees": int(booster.best_iteration + 1),
    }
    return figures, logreg, booster, trees


def main(path: str) -> None:
    _, x_train, y_train, x_test, y_test, groups = load_dataset(path)
    figures, _, booster, trees = fit_reference_models(x_train, y_train, x_test, y_test, groups)

    # Batch prediction (vectorised) and one row at a time (the per-tenant case).
    repeats = 5
    started = time.perf_counter()
    for _ in range(repeats):
        booster.inplace_predict(x_test, iteration_range=trees)
    batch_rate = repeats * len(x_test) / (time.perf_counter() - started)
    single = x_test[:2000]
    started = time.perf_counter()
    for i in range(len(single)):
        booster.inplace_predict(single[i : i + 1], iteration_range=trees)
    single_rate = len(single) / (time.perf_counter() - started)

    # For information: the same trees on every core (no early stopping; noisy on a busy box).
    started = time.perf_counter()
    fit = xgb.DMatrix(x_train, label=y_train)
    xgb.train({**XGB_PARAMS, "nthread": os.cpu_count()}, fit, num_boost_round=trees[1])
    xgb_all_cores_seconds = time.perf_counter() - started

    print(
        json.dumps(
            {
                **figures,
                "xgboost_train_seconds_all_cores_no_early_stopping": round(xgb_all_cores_seconds, 3),
                "cores": os.cpu_count(),
                "xgboost_predictions_per_second": round(batch_rate),
                "xgboost_single_row_predictions_per_second": round(single_rate),
                "versions": {"xgboost": xgb.__version__, "pandas": pd.__version__},
            }
        )
    )


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: reference_model.py DATASET.csv")
    main(sys.argv[1])
