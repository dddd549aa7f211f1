"""churn: the data-eng team's churn scoring job, as its CI builds it (the example project of the README).

Run on a Databricks job cluster by launch-cluster, with the run's parameters as arguments, e.g.
    python3 churn.py --date 2026-11-23 --mode full
"""
import argparse
import sys


def parse(argv):
    parser = argparse.ArgumentParser(prog="churn", description="Scores customer churn for one day.")
    parser.add_argument("--date", required=True, help="the day to score, YYYY-MM-DD")
    parser.add_argument("--mode", choices=["full", "incremental"], default="incremental")
    return parser.parse_args(argv)


def main(argv):
    args = parse(argv)
    print(f"churn 1.4.0: scoring {args.date} ({args.mode})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
