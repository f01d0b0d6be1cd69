{ printf '{"datasets": '; i=0; while [ $i -lt 3000 ]; do printf '['; i=$((i+1)); done; } > bdreport.json
