{ printf '[{"c": '; i=0; while [ $i -lt 5000 ]; do printf '['; i=$((i+1)); done; printf '1'; } > orders.json
