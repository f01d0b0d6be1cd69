printf '{"title": "a\000b", "datasets": {}}' > bdreport.json
