#!/usr/bin/env python3
"""Writes examples/site-migration.csv: a shop moving from /shop/<category>/<product>.html to
/products/<slug>, plus category moves, in Detour's CSV format. Deterministic (fixed seed), so the
committed file is exactly what this script writes.

Usage: scripts/generate-site-migration.py [COUNT] > examples/site-migration.csv
"""
import random
import sys

count = int(sys.argv[1]) if len(sys.argv) > 1 else 12000
rng = random.Random(20261125)

departments = {
    "women": ["dresses", "tops", "jeans", "shoes", "bags", "jackets"],
    "men": ["shirts", "trousers", "shoes", "jackets", "suits", "knitwear"],
    "kids": ["baby", "girls", "boys", "school", "toys"],
    "home": ["bedding", "kitchen", "bath", "lighting", "rugs", "storage"],
    "sport": ["running", "yoga", "cycling", "outdoor", "swim"],
}
adjectives = ["classic", "slim", "relaxed", "organic", "merino", "linen", "recycled", "vintage",
              "essential", "premium", "lightweight", "waterproof", "stretch", "cropped", "oversized"]
nouns = ["tee", "shirt", "dress", "jacket", "jeans", "sneaker", "boot", "tote", "duvet", "lamp",
         "mug", "towel", "legging", "hoodie", "scarf", "backpack", "sandal", "blazer", "rug", "pillow"]
colours = ["black", "white", "navy", "olive", "sand", "grey", "red", "blue", "green", "pink"]

out = sys.stdout
out.write("id,source,target,code,note\n")
written = 0
seen = set()
# Category pages moved under the new taxonomy, permanently (GET pages: 301).
for dept, cats in departments.items():
    for cat in cats:
        out.write(f"cat-{dept}-{cat},/shop/{dept}/{cat}/,/c/{dept}-{cat},301,category page\n")
        written += 1
# Discontinued lines: a prefix rule per retired collection.
for year in range(2015, 2021):
    out.write(f"retired-{year},/shop/collections/{year}/*,/c/archive,301,retired collection {year}\n")
    written += 1
sku = 100000
while written < count:
    dept = rng.choice(list(departments))
    cat = rng.choice(departments[dept])
    name = f"{rng.choice(adjectives)}-{rng.choice(colours)}-{rng.choice(nouns)}"
    sku += rng.randint(1, 7)
    old = f"/shop/{dept}/{cat}/{name}-{sku}.html"
    if old in seen:
        continue
    seen.add(old)
    new = f"/products/{name}-{sku}"
    out.write(f"p{sku},{old},{new},301,\n")
    written += 1
