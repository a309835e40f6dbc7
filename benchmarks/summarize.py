#!/usr/bin/env python3
"""Turn JMH JSON results of the DARE benchmarks into the Markdown tables of docs/benchmarks.md.

Usage: python3 benchmarks/summarize.py LABEL=results.json [LABEL=results.json ...]
       (e.g. "JDK 17=jdk17.json" "JDK 25=jdk25.json")

MB/s = primary score (streams/s) x stream size / 10^6. The +- column is JMH's 99.9 % error.
Ratio = DARE / raw of the same run; its range uses the two confidence intervals (worst/best case).
"""
import json
import sys

RAW = {"AES_256_GCM": "RawJdkAesGcm", "CHACHA20_POLY1305": "RawJdkChaCha20Poly1305"}
SUITE_NAME = {"AES_256_GCM": "AES-256-GCM", "CHACHA20_POLY1305": "ChaCha20-Poly1305"}
TARGET = 0.90


def load(path):
    out = {}
    for r in json.load(open(path)):
        cls, op = r["benchmark"].split(".")[-2:]
        p = r.get("params", {})
        if p.get("sink", "array") != "array" or p.get("chunk", "0") != "0":
            continue  # diagnostic variants (-p sink=discard, -p chunk=N) are not in the tables
        size = int(p["size"])
        suite = p.get("suite") or ("AES_256_GCM" if cls == "RawJdkAesGcm" else "CHACHA20_POLY1305")
        m = r["primaryMetric"]
        if m["scoreUnit"] != "ops/s":
            raise SystemExit("expected ops/s, got " + m["scoreUnit"])
        f = size / 1e6
        lo, hi = m["scoreConfidence"]
        out[(cls, suite, op, size)] = {
            "mbps": m["score"] * f,
            "err": m["scoreError"] * f if m["scoreError"] == m["scoreError"] else float("nan"),
            "lo": max(lo, 0) * f,
            "hi": hi * f,
            "jvm": r.get("vmVersion", "?"),
        }
    return out


def size_name(size):
    return f"{size >> 20} MiB"


def main(args):
    runs = []
    for a in args:
        label, _, path = a.partition("=")
        runs.append((label, load(path)))
    keys = sorted(
        {(s, op, size) for _, d in runs for (_, s, op, size) in d},
        key=lambda k: (k[0], k[1] != "seal", k[2]),
    )
    classes = ["RawJdkAesGcm/RawJdkChaCha20Poly1305 (raw)", "DarePackages", "DareStream"]
    head = ["cipher", "op", "size", "benchmark"] + [f"{l} MB/s" for l, _ in runs]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * 4 + "---:|" * len(runs))
    for suite, op, size in keys:
        for cls in [RAW[suite], "DarePackages", "DareStream"]:
            cells = [SUITE_NAME[suite], op, size_name(size), cls + (" (raw)" if cls == RAW[suite] else "")]
            for _, d in runs:
                v = d.get((cls, suite, op, size))
                cells.append(f"{v['mbps']:,.0f} ± {v['err']:,.0f}" if v else "–")
            print("| " + " | ".join(cells) + " |")
    print()
    head = ["cipher", "op", "size", "variant"] + [f"{l} DARE/raw (range)" for l, _ in runs] + [
        f"{l} ≥ 90 %?" for l, _ in runs
    ]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * 4 + "---:|" * len(runs) + "---|" * len(runs))
    for suite, op, size in keys:
        for cls in ["DareStream", "DarePackages"]:
            cells = [SUITE_NAME[suite], op, size_name(size), cls]
            verdicts = []
            for _, d in runs:
                dare, raw = d.get((cls, suite, op, size)), d.get((RAW[suite], suite, op, size))
                if not dare or not raw:
                    cells.append("–")
                    verdicts.append("–")
                    continue
                r = dare["mbps"] / raw["mbps"]
                lo = dare["lo"] / raw["hi"] if raw["hi"] > 0 else float("nan")
                hi = dare["hi"] / raw["lo"] if raw["lo"] > 0 else float("inf")
                cells.append(f"{r:.0%} ({lo:.0%}–{min(hi, 9.99):.0%})")
                if lo >= TARGET:
                    verdicts.append("yes")
                elif hi < TARGET:
                    verdicts.append("**no**")
                else:
                    verdicts.append("yes (within noise)" if r >= TARGET else "**no** (within noise)")
            print("| " + " | ".join(cells + verdicts) + " |")
    print()
    for label, d in runs:
        print(f"- {label}: {sorted({v['jvm'] for v in d.values()})}")


if __name__ == "__main__":
    main(sys.argv[1:])
