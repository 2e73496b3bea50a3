#!/bin/sh
# Nightly: retrain the registered churn model through Lethe, then tidy up.
set -eu
lethe model train --home /srv/lethe --name churn --dataset customers --model logistic
# lethe train --data old.csv   (kept for reference, commented out)
rm -rf /tmp/churn-cache
