"""Jinzhou's small indigenous factories and new products, spring 1960: the replay of seed 001.

Renmin Ribao, 4 June 1960, page 2 (Shenyang, 3 June): in just over three months Jinzhou set
up more than 900 factories with simple equipment and trial-produced more than 1,000 new
products the city could not make before, more than 300 of them (optical glass among them)
only ten days after the movement began; the radio factory, just merged from repair
cooperatives, made 77 pieces of indigenous equipment and more than 200 sets of instruments
and moulds in less than a month, then the parts of semiconductor radios, now in batch
production; the food company made 31 kinds of medicine (liver extract injection among them)
from the waste of pigs, cattle and sheep, and each food factory has reached or is close to
by-product value above main-product value; the Tiebei Chemical Plant, first to make caustic
soda and petroleum jelly in large pots and vats, semi-automated, saved 21 workers, doubled
its efficiency and now produces several times its original plan.

`build` writes the scenario folder from a fixed seed: the region tree, the products (the
city's old products, some 1,230 new ones, the food company's meat, wastes and medicines),
the units (944 factories opened in the movement, the city's older factories, the radio
factory and the cooperatives it absorbed, the food factories), every step of every
new-product trial, the daily reports, the recipes of the food factories, the Tiebei plant's
headcount and its original plan. The article's figures are constraints the builder meets;
everything else is reconstruction (see `NOTES`).
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import numpy.typing as npt

from planworks.domain.claims import Claim, Expect, Measure, Query
from planworks.domain.periods import day_number, from_day_number
from planworks.scenarios.base import BulletinSpec, Scenario

__all__ = ["SCENARIO", "build"]

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
_Rng = np.random.Generator

SEED = 19600604  # the day the article appeared

CITY = "CN-LN-JZ"
FOOD_COMPANY = f"{CITY}-FOOD"
AS_OF = date(1960, 6, 3)  # "本报沈阳3日电"
LAST_DAY = date(1960, 6, 2)  # the last day reported before the dispatch
# Reconstruction: the movement began on 22 February 1960, so that 22 February to 3 June is
# "just over three months" (三个多月) and its first ten days end on 2 March.
MOVEMENT_START = date(1960, 2, 22)
TEN_DAYS_END = MOVEMENT_START + timedelta(days=9)
MOVEMENT = (MOVEMENT_START, AS_OF)
FIRST_TEN_DAYS = (MOVEMENT_START, TEN_DAYS_END)
MAY = (date(1960, 5, 1), date(1960, 5, 31))
APRIL = (date(1960, 4, 1), date(1960, 4, 30))

# Reconstruction inside the article's bounds ("九百多座", "一千多种", "三百多种").
FACTORIES_OPENED = 944  # with the Tiebei plant
NEW_PRODUCTS = 1_174
NEW_PRODUCTS_FIRST_TEN_DAYS = 346
PRE_MOVEMENT_PRODUCTS = 32  # first made after the decision of late 1959, before the movement
NEVER_MADE = 26  # trials that had not succeeded anywhere by June
MEDICINES = 31  # "三十一种药品"

# The Tiebei plant (reconstruction of the dates and headcounts; the 21 and the doubling are
# the article's).
TIEBEI = f"{CITY}-LH-TIEBEI"
TIEBEI_OPENED = date(1960, 2, 24)
TIEBEI_SHED = date(1960, 3, 8)  # "搭了厂房，投入了正常生产"
TIEBEI_AUTOMATED = date(1960, 4, 18)  # "实现了半自动化"
TIEBEI_WORKERS = ((TIEBEI_OPENED, 28), (TIEBEI_SHED, 62), (TIEBEI_AUTOMATED, 41))
WORKERS_SAVED = 21
EFFICIENCY_DAYS = 30  # output per worker compared over 30 days after and 30 days before
TIEBEI_AFTER = (TIEBEI_AUTOMATED, TIEBEI_AUTOMATED + timedelta(days=EFFICIENCY_DAYS - 1))
TIEBEI_ORIGINAL_PLAN_T = {"caustic-soda": 12, "petroleum-jelly": 5}  # May 1960

RADIO = f"{CITY}-GT-R01"
RADIO_OPENED = date(1959, 11, 16)  # the cooperatives merged (reconstruction)
RADIO_EQUIPMENT_DAYS = (date(1959, 11, 18), date(1959, 12, 14))  # "不到一月"
RADIO_EQUIPMENT = 77  # "七十七台土设备"
RADIO_INSTRUMENTS = 214  # "二百多套仪表和模具" (reconstruction: 214)

_T = "t"  # products measured in tonnes are reported to 0.01 t; everything else in whole units


# -- products --------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Product:
    code: str
    name: str
    name_zh: str
    uom: str
    price: float | None
    daily: float = 0.0  # a small factory's full output in a day, in `uom`
    sector: str = ""
    small: float = 1.0  # how readily a small indigenous factory takes it up (a weight)


# code suffix, English, Chinese, price factor, daily-output factor, `small` factor
_Variant = tuple[str, str, str, float, float, float]

_GRADES3: tuple[_Variant, ...] = (
    ("tech", "technical grade", "工业", 1.0, 1.0, 1.0),
    ("cp", "chemically pure", "化学纯", 4.0, 0.05, 0.25),
    ("ar", "analytical reagent", "分析纯", 6.0, 0.03, 0.15),
)
_COLOURS = (
    ("red", "大红"),
    ("yellow", "中黄"),
    ("sky blue", "天蓝"),
    ("green", "深绿"),
    ("white", "白"),
    ("grey", "灰"),
    ("brown", "铁红"),
    ("cream", "奶油"),
    ("light green", "淡绿"),
)

# Sectors: what a works making such products is called, and its industry.
_SECTORS = {
    "chem": ("Chemical Works", "化工厂", "chemical"),
    "reagent": ("Chemical Reagent Works", "化学试剂厂", "chemical"),
    "petro": ("Oil Products Works", "油品厂", "petroleum"),
    "paint": ("Paint and Dye Works", "油漆颜料厂", "chemical"),
    "agro": ("Fertilizer and Pesticide Works", "化肥农药厂", "chemical"),
    "pharma": ("Pharmaceutical Works", "制药厂", "pharmaceutical"),
    "glass": ("Glass Works", "玻璃厂", "glass"),
    "building": ("Building Materials Works", "建筑材料厂", "building materials"),
    "machinery": ("Machinery Works", "机械厂", "machinery"),
    "bearing": ("Bearing Works", "轴承厂", "machinery"),
    "tool": ("Tool Works", "工具厂", "machinery"),
    "hardware": ("Hardware Works", "五金厂", "metal products"),
    "electrical": ("Electrical Works", "电器厂", "electrical"),
    "electronics": ("Radio Components Works", "无线电元件厂", "electronics"),
    "instrument": ("Instrument Works", "仪表厂", "instruments"),
    "metal": ("Smelting Works", "冶炼厂", "metallurgy"),
    "daily": ("Daily-use Chemicals Works", "日用化学品厂", "light industry"),
    "rubber": ("Rubber and Plastics Works", "橡胶塑料厂", "light industry"),
    "paper": ("Paper Works", "造纸厂", "paper"),
    "textile": ("Textile Works", "纺织厂", "textile"),
    "food": ("Foodstuffs Works", "副食品厂", "food"),
    "stationery": ("Stationery Works", "文具厂", "light industry"),
}

# The new products to choose from: Jinzhou's petroleum, chemical and light industries and the
# machinery, electrical and building trades serving them (names, prices in yuan of constant
# prices, and a small works' full output in a day are reconstruction).
#
# A `[sector uom daily small]` line sets the defaults of the rows below it. A row is
# `code | English | Chinese | price`, then optionally `| variants` and `| uom daily`.
# Variants make one product per kind or size, `{}` standing for it in the names:
# `grades3` (technical, chemically pure, analytical reagent), `reagent2` (the last two),
# `colours N` (the first N paint colours), `kinds: English=Chinese, ...` (same price) and
# `sizes STEP: a, b, ...` (each size STEP times dearer and fewer a day than the one before).
_CATALOG = """
[reagent kg 400 1]
copper-sulfate | copper sulfate ({}) | {}硫酸铜 | 0.9 | grades3
ferrous-sulfate | ferrous sulfate ({}) | {}硫酸亚铁 | 0.2 | grades3
zinc-sulfate | zinc sulfate ({}) | {}硫酸锌 | 0.6 | grades3
aluminium-sulfate | aluminium sulfate ({}) | {}硫酸铝 | 0.35 | grades3
magnesium-sulfate | magnesium sulfate ({}) | {}硫酸镁 | 0.3 | grades3
sodium-sulfate | sodium sulfate ({}) | {}硫酸钠 | 0.1 | grades3
sodium-sulfide | sodium sulfide ({}) | {}硫化钠 | 0.5 | grades3
zinc-chloride | zinc chloride ({}) | {}氯化锌 | 0.8 | grades3
barium-chloride | barium chloride ({}) | {}氯化钡 | 0.7 | grades3
calcium-chloride | calcium chloride ({}) | {}氯化钙 | 0.2 | grades3
ammonium-chloride | ammonium chloride ({}) | {}氯化铵 | 0.4 | grades3
ferric-chloride | ferric chloride ({}) | {}三氯化铁 | 0.5 | grades3
sodium-carbonate | sodium carbonate ({}) | {}碳酸钠 | 0.25 | grades3
calcium-carbonate | light calcium carbonate ({}) | {}轻质碳酸钙 | 0.15 | grades3
magnesium-carbonate | magnesium carbonate ({}) | {}碳酸镁 | 0.6 | grades3
barium-carbonate | barium carbonate ({}) | {}碳酸钡 | 0.7 | grades3
potassium-nitrate | potassium nitrate ({}) | {}硝酸钾 | 1.0 | grades3
sodium-nitrate | sodium nitrate ({}) | {}硝酸钠 | 0.5 | grades3
sodium-nitrite | sodium nitrite ({}) | {}亚硝酸钠 | 0.6 | grades3
trisodium-phosphate | trisodium phosphate ({}) | {}磷酸三钠 | 0.6 | grades3
sodium-silicate | sodium silicate ({}) | {}硅酸钠 | 0.12 | grades3
potassium-dichromate | potassium dichromate ({}) | {}重铬酸钾 | 2.2 | grades3
potassium-permanganate | potassium permanganate ({}) | {}高锰酸钾 | 2.8 | grades3
potassium-chlorate | potassium chlorate ({}) | {}氯酸钾 | 1.4 | grades3
borax | borax ({}) | {}硼砂 | 0.8 | grades3
boric-acid | boric acid ({}) | {}硼酸 | 1.2 | grades3
potash-alum | potash alum ({}) | {}明矾 | 0.25 | grades3
zinc-oxide | zinc oxide ({}) | {}氧化锌 | 1.3 | grades3
manganese-dioxide | manganese dioxide ({}) | {}二氧化锰 | 0.7 | grades3
activated-carbon | activated carbon ({}) | {}活性炭 | 1.5 | grades3
sulfur | sulfur ({}) | {}硫磺 | 0.4 | grades3
sulfuric-acid | sulfuric acid ({}) | {}硫酸 | 0.12 | grades3
hydrochloric-acid | hydrochloric acid ({}) | {}盐酸 | 0.1 | grades3
nitric-acid | nitric acid ({}) | {}硝酸 | 0.4 | grades3
acetic-acid | acetic acid ({}) | {}醋酸 | 0.9 | grades3
formaldehyde | formaldehyde solution ({}) | {}甲醛 | 0.7 | grades3
methanol | methanol ({}) | {}甲醇 | 0.6 | grades3
acetone | acetone ({}) | {}丙酮 | 1.5 | grades3
ethyl-ether | ethyl ether ({}) | {}乙醚 | 2.0 | grades3
phenol | phenol ({}) | {}苯酚 | 1.8 | grades3
naphthalene | naphthalene ({}) | {}萘 | 0.5 | grades3
oxalic-acid | oxalic acid ({}) | {}草酸 | 1.1 | grades3
citric-acid | citric acid ({}) | {}柠檬酸 | 3.0 | grades3
lactic-acid | lactic acid ({}) | {}乳酸 | 2.0 | grades3
glycerol | glycerol ({}) | {}甘油 | 2.4 | grades3
stearic-acid | stearic acid ({}) | {}硬脂酸 | 1.6 | grades3
carbon-disulfide | carbon disulfide ({}) | {}二硫化碳 | 0.9 | grades3
carbon-tetrachloride | carbon tetrachloride ({}) | {}四氯化碳 | 1.2 | grades3
sodium-thiosulfate | sodium thiosulfate ({}) | {}硫代硫酸钠 | 0.6 | grades3
sodium-bisulfite | sodium bisulfite ({}) | {}亚硫酸氢钠 | 0.4 | grades3
ammonium-sulfate | ammonium sulfate ({}) | {}硫酸铵 | 0.3 | grades3
copper-oxide | copper oxide ({}) | {}氧化铜 | 2.5 | grades3
lead-acetate | lead acetate ({}) | {}醋酸铅 | 1.8 | grades3
sodium-acetate | sodium acetate ({}) | {}醋酸钠 | 0.8 | grades3
aniline | aniline ({}) | {}苯胺 | 2.2 | grades3
nitrobenzene | nitrobenzene ({}) | {}硝基苯 | 1.6 | grades3
benzoic-acid | benzoic acid ({}) | {}苯甲酸 | 2.6 | grades3
salicylic-acid | salicylic acid ({}) | {}水杨酸 | 3.2 | grades3
tannic-acid | tannic acid ({}) | {}单宁酸 | 2.4 | grades3
chloroform | chloroform ({}) | {}氯仿 | 2.2 | grades3
butanol | butanol ({}) | {}丁醇 | 1.4 | grades3
ethyl-acetate | ethyl acetate ({}) | {}乙酸乙酯 | 1.3 | grades3
butyl-acetate | butyl acetate ({}) | {}乙酸丁酯 | 1.5 | grades3
ethylene-glycol | ethylene glycol ({}) | {}乙二醇 | 1.6 | grades3
hexamine | hexamethylenetetramine ({}) | {}乌洛托品 | 1.8 | grades3
magnesium-chloride | magnesium chloride ({}) | {}氯化镁 | 0.15 | grades3
potassium-chloride | potassium chloride ({}) | {}氯化钾 | 0.35 | grades3
sodium-fluoride | sodium fluoride ({}) | {}氟化钠 | 0.9 | grades3
sodium-bicarbonate | sodium bicarbonate ({}) | {}碳酸氢钠 | 0.3 | grades3
potassium-carbonate | potassium carbonate ({}) | {}碳酸钾 | 0.8 | grades3
ammonium-carbonate | ammonium carbonate ({}) | {}碳酸铵 | 0.4 | grades3
ammonium-nitrate | ammonium nitrate ({}) | {}硝酸铵 | 0.4 | grades3
calcium-nitrate | calcium nitrate ({}) | {}硝酸钙 | 0.5 | grades3
copper-nitrate | copper nitrate ({}) | {}硝酸铜 | 2.4 | grades3
zinc-nitrate | zinc nitrate ({}) | {}硝酸锌 | 1.8 | grades3
aluminium-chloride | aluminium chloride ({}) | {}氯化铝 | 0.9 | grades3
manganese-sulfate | manganese sulfate ({}) | {}硫酸锰 | 0.7 | grades3
disodium-phosphate | disodium phosphate ({}) | {}磷酸氢二钠 | 0.7 | grades3
monosodium-phosphate | sodium dihydrogen phosphate ({}) | {}磷酸二氢钠 | 0.8 | grades3
potassium-phosphate | potassium dihydrogen phosphate ({}) | {}磷酸二氢钾 | 1.2 | grades3
phosphoric-acid | phosphoric acid ({}) | {}磷酸 | 0.6 | grades3
hydrofluoric-acid | hydrofluoric acid ({}) | {}氢氟酸 | 1.4 | grades3
sodium-metabisulfite | sodium metabisulfite ({}) | {}焦亚硫酸钠 | 0.6 | grades3
sodium-perborate | sodium perborate ({}) | {}过硼酸钠 | 1.4 | grades3
ammonium-persulfate | ammonium persulfate ({}) | {}过硫酸铵 | 2.0 | grades3
calcium-hydroxide | calcium hydroxide ({}) | {}氢氧化钙 | 0.06 | grades3
magnesium-oxide | magnesium oxide ({}) | {}氧化镁 | 0.5 | grades3
aluminium-oxide | aluminium oxide ({}) | {}氧化铝 | 0.8 | grades3
litharge | lead monoxide ({}) | {}氧化铅 | 1.5 | grades3
ethanol | ethanol 95% ({}) | {}乙醇 | 0.9 | grades3
isopropanol | isopropanol ({}) | {}异丙醇 | 1.6 | grades3
amyl-alcohol | amyl alcohol ({}) | {}戊醇 | 2.0 | grades3
formic-acid | formic acid ({}) | {}甲酸 | 1.4 | grades3
tartaric-acid | tartaric acid ({}) | {}酒石酸 | 4.0 | grades3
succinic-acid | succinic acid ({}) | {}琥珀酸 | 3.6 | grades3
sodium-citrate | sodium citrate ({}) | {}柠檬酸钠 | 3.2 | grades3
rochelle-salt | potassium sodium tartrate ({}) | {}酒石酸钾钠 | 4.4 | grades3
urea | urea ({}) | {}尿素 | 0.5 | grades3
sodium-chloride | sodium chloride ({}) | {}氯化钠 | 0.1 | reagent2
potassium-iodide | potassium iodide ({}) | {}碘化钾 | 9.0 | reagent2
potassium-bromide | potassium bromide ({}) | {}溴化钾 | 3.0 | reagent2
silver-nitrate | silver nitrate ({}) | {}硝酸银 | 60.0 | reagent2
lead-nitrate | lead nitrate ({}) | {}硝酸铅 | 1.6 | reagent2
cobalt-chloride | cobalt chloride ({}) | {}氯化钴 | 12.0 | reagent2
nickel-sulfate | nickel sulfate ({}) | {}硫酸镍 | 5.0 | reagent2
ammonium-molybdate | ammonium molybdate ({}) | {}钼酸铵 | 14.0 | reagent2
ammonium-oxalate | ammonium oxalate ({}) | {}草酸铵 | 1.8 | reagent2
sodium-oxalate | sodium oxalate ({}) | {}草酸钠 | 1.6 | reagent2
potassium-ferrocyanide | potassium ferrocyanide ({}) | {}亚铁氰化钾 | 2.4 | reagent2
potassium-ferricyanide | potassium ferricyanide ({}) | {}铁氰化钾 | 3.6 | reagent2
potassium-thiocyanate | potassium thiocyanate ({}) | {}硫氰酸钾 | 4.0 | reagent2
sodium-hydroxide | sodium hydroxide ({}) | {}氢氧化钠 | 0.5 | reagent2
potassium-hydroxide | potassium hydroxide ({}) | {}氢氧化钾 | 1.2 | reagent2
ammonia-solution | ammonia solution ({}) | {}氨水 | 0.3 | reagent2
hydrogen-peroxide | hydrogen peroxide ({}) | {}过氧化氢 | 1.4 | reagent2
benzene | benzene ({}) | {}苯 | 0.8 | reagent2
toluene | toluene ({}) | {}甲苯 | 0.9 | reagent2
xylene | xylene ({}) | {}二甲苯 | 0.9 | reagent2
absolute-ethanol | absolute ethanol ({}) | {}无水乙醇 | 1.2 | reagent2
petroleum-ether | petroleum ether ({}) | {}石油醚 | 1.0 | reagent2
iodine | iodine ({}) | {}碘 | 30.0 | reagent2
phenolphthalein | phenolphthalein ({}) | {}酚酞 | 20.0 | reagent2
methyl-orange | methyl orange ({}) | {}甲基橙 | 24.0 | reagent2
soluble-starch | soluble starch ({}) | {}可溶性淀粉 | 1.5 | reagent2
mercuric-chloride | mercuric chloride ({}) | {}氯化汞 | 16.0 | reagent2
cupric-chloride | cupric chloride ({}) | {}氯化铜 | 3.0 | reagent2
stannous-chloride | stannous chloride ({}) | {}氯化亚锡 | 8.0 | reagent2
sodium-bromide | sodium bromide ({}) | {}溴化钠 | 2.6 | reagent2
sodium-iodide | sodium iodide ({}) | {}碘化钠 | 10.0 | reagent2
potassium-iodate | potassium iodate ({}) | {}碘酸钾 | 12.0 | reagent2
potassium-bromate | potassium bromate ({}) | {}溴酸钾 | 4.0 | reagent2
potassium-chromate | potassium chromate ({}) | {}铬酸钾 | 3.0 | reagent2
barium-hydroxide | barium hydroxide ({}) | {}氢氧化钡 | 1.6 | reagent2
strontium-nitrate | strontium nitrate ({}) | {}硝酸锶 | 3.0 | reagent2
cadmium-sulfate | cadmium sulfate ({}) | {}硫酸镉 | 8.0 | reagent2
ferric-ammonium-sulfate | ferric ammonium sulfate ({}) | {}硫酸铁铵 | 1.6 | reagent2
ferrous-ammonium-sulfate | ferrous ammonium sulfate ({}) | {}硫酸亚铁铵 | 1.4 | reagent2
hydroxylamine-hydrochloride | hydroxylamine hydrochloride ({}) | {}盐酸羟胺 | 16.0 | reagent2
methyl-red | methyl red ({}) | {}甲基红 | 30.0 | reagent2
bromothymol-blue | bromothymol blue ({}) | {}溴百里酚蓝 | 40.0 | reagent2
eriochrome-black | eriochrome black T ({}) | {}铬黑T | 40.0 | reagent2
diphenylamine | diphenylamine ({}) | {}二苯胺 | 12.0 | reagent2
glacial-acetic-acid | glacial acetic acid ({}) | {}冰醋酸 | 1.4 | reagent2
dry-carbon-tetrachloride | dry carbon tetrachloride ({}) | {}无水四氯化碳 | 2.0 | reagent2
anhydrous-sodium-sulfate | anhydrous sodium sulfate ({}) | {}无水硫酸钠 | 0.4 | reagent2
anhydrous-calcium-chloride | anhydrous calcium chloride ({}) | {}无水氯化钙 | 0.5 | reagent2
sodium-potassium-carbonate | sodium potassium carbonate ({}) | {}碳酸钾钠 | 1.2 | reagent2
zinc-granules | granulated zinc ({}) | {}锌粒 | 2.4 | reagent2

[chem kg 500 1.5]
sodium-hydrosulfite | sodium hydrosulfite | 保险粉 | 2.0
sodium-fluosilicate | sodium fluosilicate | 氟硅酸钠 | 0.6
cryolite | cryolite | 冰晶石 | 1.2
calcium-carbide | calcium carbide | 电石 | 0.35
ammonium-bicarbonate | ammonium bicarbonate | 碳酸氢铵 | 0.2
coal-tar | coal tar | 煤焦油 | 0.1
creosote | creosote oil | 杂酚油 | 0.2
anthracene | crude anthracene | 粗蒽 | 0.6
pyridine | pyridine | 吡啶 | 4.0
furfural | furfural | 糠醛 | 1.6
wood-vinegar | wood vinegar | 木醋液 | 0.15
wood-tar | wood tar | 木焦油 | 0.2
pine-tar | pine tar | 松焦油 | 0.3
rosin | rosin | 松香 | 0.8
turpentine | turpentine | 松节油 | 1.0
phthalic-anhydride | phthalic anhydride | 苯酐 | 2.4
dibutyl-phthalate | dibutyl phthalate | 邻苯二甲酸二丁酯 | 3.0
thiourea | thiourea | 硫脲 | 2.2
sodium-benzoate | sodium benzoate | 苯甲酸钠 | 2.8
gallic-acid | gallic acid | 没食子酸 | 4.5
pectin | pectin | 果胶 | 5.0
agar | agar | 琼脂 | 12.0
sodium-alginate | sodium alginate | 褐藻酸钠 | 4.0
mannitol | mannitol | 甘露醇 | 6.0
bromine | bromine | 溴素 | 3.5
light-magnesia | light magnesium oxide | 轻质氧化镁 | 0.9
silica-gel | silica gel | 硅胶 | 2.0
activated-clay | activated clay | 活性白土 | 0.3
bentonite | processed bentonite | 膨润土 | 0.06
kieselguhr | kieselguhr | 硅藻土 | 0.1
casein | casein | 酪素 | 2.6
bone-glue | bone glue | 骨胶 | 1.8
hide-glue | hide glue | 皮胶 | 2.2
fatty-acid | fatty acids | 脂肪酸 | 1.1
turkey-red-oil | Turkey red oil | 土耳其红油 | 1.2
boiled-tung-oil | boiled tung oil | 熟桐油 | 1.6
boiled-linseed-oil | boiled linseed oil | 熟亚麻仁油 | 1.4
hexachloroethane | hexachloroethane | 六氯乙烷 | 1.8
dichloroethane | dichloroethane | 二氯乙烷 | 1.2
ethyl-chloride | ethyl chloride | 氯乙烷 | 2.6
pentaerythritol | pentaerythritol | 季戊四醇 | 3.2
maleic-anhydride | maleic anhydride | 顺丁烯二酸酐 | 3.0
acetaldehyde | acetaldehyde | 乙醛 | 1.4
bleaching-earth | bleaching earth | 漂白土 | 0.2
carbon-black-channel | channel carbon black | 槽法炭黑 | 1.2
carbon-black-lamp | lamp black | 灯烟炭黑 | 1.0
bone-char | bone char | 骨炭 | 0.7
sodium-sulfite | sodium sulfite | 亚硫酸钠 | 0.5
ammonium-alum | ammonium alum | 铵明矾 | 0.3
chrome-alum | chrome alum | 铬明矾 | 1.4
litmus-paper | litmus paper | 石蕊试纸 | 0.2 | | box 500
ph-paper | universal pH paper | 广范pH试纸 | 0.3 | | box 500

[petro kg 800 1.2]
machine-oil | machine oil {} | {}号机械油 | 0.8 | sizes 1.15: 10, 20, 30, 40, 50
cylinder-oil | cylinder oil {} | {}号汽缸油 | 0.9 | sizes 1.15: 11, 24, 38
calcium-grease | calcium-base grease No. {} | {}号钙基润滑脂 | 1.2 | sizes 1.15: 1, 2, 3, 4
sodium-grease | sodium-base grease No. {} | {}号钠基润滑脂 | 1.4 | sizes 1.15: 2, 3
gear-oil | gear oil {} | {}号齿轮油 | 1.0 | sizes 1.15: 20, 30
paraffin-wax | paraffin wax (melting point {}) | {}号石蜡 | 1.3 | sizes 1.15: 52, 56, 58
asphalt | petroleum asphalt No. {} | {}号石油沥青 | 0.25 | sizes 1.15: 10, 30, 60
solvent-naphtha | solvent naphtha {} | {}号溶剂油 | 0.7 | sizes 1.15: 120, 200
naphthenate | {} naphthenate drier | 环烷酸{} | 3.5 | kinds: copper=铜, zinc=锌, cobalt=钴,
    lead=铅, manganese=锰, calcium=钙
spindle-oil | spindle oil | 锭子油 | 0.9
transformer-oil | transformer oil | 变压器油 | 1.1
turbine-oil | turbine oil | 透平油 | 1.2
compressor-oil | compressor oil | 压缩机油 | 1.1
refrigerator-oil | refrigerator oil | 冷冻机油 | 1.4
instrument-oil | instrument oil | 仪表油 | 2.0
liquid-paraffin | liquid paraffin | 液体石蜡 | 1.6
ceresin | ceresin wax | 地蜡 | 1.8
petroleum-coke | petroleum coke | 石油焦 | 0.08
rust-preventive-oil | rust-preventive oil | 防锈油 | 1.2
cutting-oil | cutting oil | 切削油 | 0.9
brake-fluid | brake fluid | 刹车油 | 2.4
naphthenic-acid | naphthenic acid | 环烷酸 | 1.6
petroleum-sulfonate | sodium petroleum sulfonate | 石油磺酸钠 | 1.5
emulsified-oil | emulsified cutting oil | 乳化油 | 1.0
graphite-grease | graphite grease | 石墨润滑脂 | 1.3

[paint kg 250 1.4]
ready-mixed-paint | {} ready-mixed paint | {}调合漆 | 1.6 | colours 9
enamel-paint | {} enamel | {}磁漆 | 2.2 | colours 9
alkyd-enamel | {} alkyd enamel | {}醇酸磁漆 | 2.8 | colours 9
nitro-lacquer | {} nitro lacquer | {}硝基漆 | 3.2 | colours 9
phenolic-varnish | phenolic varnish | 酚醛清漆 | 1.8
alkyd-varnish | alkyd varnish | 醇酸清漆 | 2.4
asphalt-varnish | asphalt varnish | 沥青清漆 | 1.2
shellac-varnish | shellac varnish | 虫胶清漆 | 3.0
red-lead-primer | red lead anti-rust paint | 红丹防锈漆 | 1.8
iron-red-primer | iron red anti-rust paint | 铁红防锈漆 | 1.4
insulating-varnish | insulating varnish | 绝缘漆 | 3.6
iron-oxide-red | iron oxide red | 氧化铁红 | 0.6
red-lead | red lead | 红丹 | 1.6
lithopone | lithopone | 立德粉 | 0.9
chrome-yellow | chrome yellow | 铬黄 | 2.4
iron-blue | iron blue | 铁蓝 | 3.0
ultramarine | ultramarine | 群青 | 2.0
chrome-green | chrome green | 铬绿 | 2.6
sulphur-black | sulphur black | 硫化黑 | 1.2
sulphur-blue | sulphur blue | 硫化蓝 | 1.8
sulphur-brown | sulphur brown | 硫化棕 | 1.6
direct-black | direct black | 直接黑 | 2.0
direct-scarlet | direct scarlet | 直接大红 | 2.6
direct-blue | direct blue | 直接蓝 | 2.4
direct-yellow | direct yellow | 直接黄 | 2.2
acid-black | acid black | 酸性黑 | 2.4
acid-red | acid red | 酸性红 | 2.6
basic-green | basic green | 碱性品绿 | 4.0
basic-violet | basic violet | 碱性紫 | 4.0
indigo | synthetic indigo | 合成靛蓝 | 3.2
printing-ink-black | black printing ink | 黑色油墨 | 1.8
printing-ink-red | red printing ink | 红色油墨 | 2.6
printing-ink-blue | blue printing ink | 蓝色油墨 | 2.6
antifouling-paint | anti-fouling paint | 船底防污漆 | 3.0
heat-resistant-paint | heat-resistant paint | 耐热漆 | 3.6
aluminium-paint | aluminium paint | 银粉漆 | 2.8
sulphur-yellow | sulphur yellow | 硫化黄 | 1.6
sulphur-olive | sulphur olive green | 硫化草绿 | 1.8
direct-brown | direct brown | 直接棕 | 2.2
direct-green | direct green | 直接绿 | 2.4
acid-orange | acid orange | 酸性橙 | 2.6
mordant-black | mordant black | 媒染黑 | 2.8

[agro kg 1500 1.5]
superphosphate | superphosphate | 过磷酸钙 | 0.08
calcium-magnesium-phosphate | calcium magnesium phosphate | 钙镁磷肥 | 0.07
humic-ammonium | humic acid ammonium fertilizer | 腐植酸铵 | 0.05
bacterial-fertilizer-5406 | antibiotic bacterial fertilizer 5406 | 5406抗生菌肥料 | 0.1
azotobacter-fertilizer | nitrogen-fixing bacteria fertilizer | 固氮菌肥料 | 0.1
phosphobacteria-fertilizer | phosphate bacteria fertilizer | 磷细菌肥料 | 0.1
silicate-bacteria-fertilizer | silicate bacteria fertilizer | 硅酸盐细菌肥料 | 0.1
mixed-fertilizer | granular mixed fertilizer | 颗粒混合肥料 | 0.09
bone-meal-fertilizer | bone meal fertilizer | 骨粉肥料 | 0.12
bhc-dust | BHC dust 6% | 6%六六六粉 | 0.3
ddt-dust | DDT dust 5% | 5%滴滴涕粉 | 0.4
lime-sulfur | lime-sulfur | 石灰硫磺合剂 | 0.05
bordeaux-mixture | Bordeaux mixture | 波尔多液 | 0.06
nicotine-sulfate | nicotine sulfate | 硫酸烟碱 | 2.0
rotenone | rotenone extract | 鱼藤精 | 2.4
ceresan | ceresan seed dressing | 赛力散 | 1.6
parathion-emulsion | 1605 emulsion | 1605乳剂 | 3.0
trichlorfon | trichlorfon | 敌百虫 | 3.2
calcium-arsenate | calcium arsenate | 砷酸钙 | 0.8
zinc-phosphide | zinc phosphide rat poison | 磷化锌 | 1.6
sulfur-dust | sulfur dust | 硫磺粉 | 0.35
copper-oxychloride | copper oxychloride | 氧氯化铜 | 1.8

[pharma box 600 1]
glucose-injection | glucose injection {} | {}葡萄糖注射液 | 0.5 | sizes 1.3: 5%, 10%, 25%, 50% |
    bottle 800
saline-injection | normal saline injection | 生理盐水注射液 | 0.4 | | bottle 800
glucose-saline-injection | glucose and sodium chloride injection | 葡萄糖氯化钠注射液 | 0.55 | |
    bottle 800
camphor-injection | camphor injection | 樟脑注射液 | 1.2
procaine-injection | procaine injection | 普鲁卡因注射液 | 1.4
caffeine-injection | caffeine and sodium benzoate injection | 安钠咖注射液 | 1.0
medical-alcohol | medical alcohol | 医用酒精 | 1.2 | | kg 600
iodine-tincture | iodine tincture | 碘酊 | 0.3 | | bottle 600
mercurochrome | mercurochrome solution | 红汞溶液 | 0.2 | | bottle 600
gentian-violet | gentian violet solution | 龙胆紫溶液 | 0.2 | | bottle 600
hydrogen-peroxide-solution | hydrogen peroxide solution 3% | 过氧化氢溶液 | 0.2 | | bottle 600
absorbent-cotton | absorbent cotton | 脱脂棉 | 4.0 | | kg 100
gauze | medical gauze | 医用纱布 | 0.3 | | m 1000
adhesive-plaster | adhesive plaster | 橡皮膏 | 0.4 | | roll 600
yinqiao-pills | Yinqiao antidote pills | 银翘解毒丸 | 0.6
huoxiang-pills | Huoxiang zhengqi pills | 藿香正气丸 | 0.5
liuwei-pills | Liuwei dihuang pills | 六味地黄丸 | 0.8
shiquan-pills | Shiquan dabu pills | 十全大补丸 | 1.2
niuhuang-jiedu-pills | Niuhuang jiedu pills | 牛黄解毒丸 | 0.6
tongxuan-pills | Tongxuan lifei pills | 通宣理肺丸 | 0.5
muxiang-pills | Muxiang shunqi pills | 木香顺气丸 | 0.5
buzhong-pills | Buzhong yiqi pills | 补中益气丸 | 0.8
cough-syrup | cough syrup | 止咳糖浆 | 0.4 | | bottle 600
liquorice-tablets | liquorice tablets | 甘草片 | 0.3 | | bottle 600
belladonna-tablets | belladonna tablets | 颠茄片 | 0.4 | | bottle 600
yeast-tablets | yeast tablets | 酵母片 | 0.3 | | bottle 600
chlorella-tablets | chlorella tablets | 小球藻片 | 0.3 | | bottle 600
sodium-bicarbonate-tablets | sodium bicarbonate tablets | 碳酸氢钠片 | 0.2 | | bottle 600
aluminium-hydroxide-tablets | aluminium hydroxide tablets | 氢氧化铝片 | 0.3 | | bottle 600
renshen-pills | Renshen yangrong pills | 人参养荣丸 | 1.2
wuji-pills | Wuji baifeng pills | 乌鸡白凤丸 | 1.4
huoluo-pills | Da huoluo pills | 大活络丹 | 1.6
shugan-pills | Shugan pills | 舒肝丸 | 0.6
qingning-pills | Qingning pills | 清宁丸 | 0.5
niuhuang-shangqing-pills | Niuhuang shangqing pills | 牛黄上清丸 | 0.6
huanglian-pills | Huanglian shangqing pills | 黄连上清丸 | 0.5
xiangsha-pills | Xiangsha yangwei pills | 香砂养胃丸 | 0.5
motherwort-paste | motherwort paste | 益母草膏 | 0.6 | | bottle 600
loquat-syrup | loquat leaf syrup | 枇杷膏 | 0.5 | | bottle 600

[glass piece 300 1]
plate-glass | plate glass {} | {}平板玻璃 | 2.4 | sizes 1.15: 2 mm, 3 mm | m2 150
medicine-bottle | medicine bottle {} | {}药瓶 | 0.04 | sizes 1.4: 10 ml, 30 ml, 100 ml, 250 ml,
    500 ml | piece 3000
ampoule | ampoule {} | {}安瓿 | 0.01 | sizes 1.3: 1 ml, 2 ml, 5 ml, 10 ml, 20 ml | piece 8000
beaker | beaker {} | {}烧杯 | 0.3 | sizes 1.3: 50 ml, 100 ml, 250 ml, 500 ml, 1000 ml
round-flask | round-bottom flask {} | {}圆底烧瓶 | 0.6 | sizes 1.3: 100 ml, 250 ml, 500 ml |
    piece 200
conical-flask | conical flask {} | {}锥形瓶 | 0.5 | sizes 1.3: 100 ml, 250 ml | piece 200
volumetric-flask | volumetric flask {} | {}容量瓶 | 0.9 | sizes 1.25: 50 ml, 100 ml, 250 ml,
    500 ml, 1000 ml | piece 100
reagent-bottle | reagent bottle {} | {}试剂瓶 | 0.3 | sizes 1.3: 125 ml, 250 ml, 500 ml | piece 400
test-tube | test tube ({}) | {}试管 | 0.03 | kinds: small=小, large=大 | piece 2000
measuring-cylinder | measuring cylinder {} | {}量筒 | 0.6 | sizes 1.3: 10 ml, 50 ml, 100 ml,
    500 ml | piece 150
burette | burette {} | {}滴定管 | 1.8 | sizes 1.15: 25 ml, 50 ml | piece 60
pipette | pipette {} | {}移液管 | 0.5 | sizes 1.15: 1 ml, 5 ml, 10 ml | piece 200
thermometer | glass thermometer 0-{} | 0-{}温度计 | 0.8 | sizes 1.15: 100 °C, 200 °C, 360 °C |
    piece 200
vacuum-flask | vacuum flask {} | {}保温瓶 | 2.2 | sizes 1.5: 2 pounds, 5 pounds | piece 150
light-bulb | light bulb {} | {}灯泡 | 0.35 | sizes 1.12: 15 W, 25 W, 40 W, 60 W, 100 W | piece 1500
infusion-bottle | infusion bottle | 输液瓶 | 0.15 | | piece 1500
funnel | glass funnel | 玻璃漏斗 | 0.3
separatory-funnel | separatory funnel | 分液漏斗 | 2.0 | | piece 60
condenser | glass condenser | 冷凝管 | 2.4 | | piece 60
desiccator | desiccator | 干燥器 | 4.5 | | piece 30
petri-dish | petri dish | 培养皿 | 0.4
watch-glass | watch glass | 表面皿 | 0.1 | | piece 500
clinical-thermometer | clinical thermometer | 体温计 | 0.6
hydrometer | hydrometer | 比重计 | 1.2 | | piece 100
spectacle-lens | spectacle lenses | 眼镜片 | 0.8 | | pair 200
glass-tubing | glass tubing | 玻璃管 | 1.4 | | kg 100
glass-fibre | glass fibre | 玻璃纤维 | 3.0 | | kg 80
glass-wool | glass wool | 玻璃棉 | 1.0 | | kg 200
mirror | mirror | 镜子 | 0.5 | | piece 400
glass-jar | glass jar {} | {}玻璃罐 | 0.15 | sizes 1.3: 250 g, 500 g, 1000 g | piece 1000
lamp-chimney | lamp chimney | 灯罩 | 0.08 | | piece 2000
glass-insulator | glass insulator | 玻璃绝缘子 | 0.4 | | piece 500

[building piece 3000 1.5]
fireclay-brick | fireclay brick | 粘土质耐火砖 | 0.12 | | piece 5000
silica-brick | silica brick | 硅砖 | 0.2
high-alumina-brick | high-alumina brick | 高铝砖 | 0.4 | | piece 1500
insulating-brick | light insulating brick | 轻质保温砖 | 0.15
refractory-mortar | refractory mortar | 耐火泥 | 0.06 | | kg 5000
indigenous-cement | indigenous cement grade {} | {}号土水泥 | 0.03 | sizes 1.33: 200, 300 | kg 8000
slag-cement | slag cement | 矿渣水泥 | 0.035 | | kg 8000
gypsum | calcined gypsum | 熟石膏 | 0.03 | | kg 5000
expanded-perlite | expanded perlite | 膨胀珍珠岩 | 0.08 | | kg 3000
asbestos-rope | asbestos rope | 石棉绳 | 1.2 | | kg 150
asbestos-board | asbestos board | 石棉板 | 0.9 | | kg 200
asbestos-cloth | asbestos cloth | 石棉布 | 2.0 | | m 100
slag-wool | slag wool | 矿渣棉 | 0.2 | | kg 1000
pin-insulator | pin insulator | 针式瓷瓶 | 0.3 | | piece 800
suspension-insulator | suspension insulator | 悬式瓷瓶 | 1.2 | | piece 200
spool-insulator | low-voltage spool insulator | 低压蝶式瓷瓶 | 0.08 | | piece 2000
glazed-tile | glazed wall tile | 釉面砖 | 0.05
earthenware-pipe | earthenware drain pipe | 陶管 | 0.5 | | piece 400
acid-proof-jar | acid-proof stoneware jar | 耐酸陶瓷缸 | 6.0 | | piece 30
acid-proof-brick | acid-proof brick | 耐酸砖 | 0.3 | | piece 1500
silicon-carbide | silicon carbide | 碳化硅 | 0.8 | | kg 500
fused-corundum | fused corundum | 棕刚玉 | 1.0 | | kg 500
whetstone | oilstone | 油石 | 0.4 | | piece 400
enamel-basin | enamel washbasin | 搪瓷面盆 | 2.2 | | piece 300
enamel-mug | enamel mug | 搪瓷口杯 | 0.7 | | piece 800
enamel-bowl | enamel bowl | 搪瓷碗 | 0.6 | | piece 800
lime-sand-brick | lime-sand brick | 灰砂砖 | 0.02 | | piece 8000
slag-brick | slag brick | 矿渣砖 | 0.015 | | piece 8000
asbestos-cement-sheet | corrugated asbestos-cement sheet | 石棉瓦 | 1.2 | | piece 200
magnesia-brick | magnesia brick | 镁砖 | 0.6 | | piece 800
graphite-crucible | graphite crucible {} | {}石墨坩埚 | 6.0 | sizes 1.8: 10 kg, 50 kg, 100 kg |
    piece 20
grinding-wheel | grinding wheel {} | {}砂轮 | 1.0 | sizes 1.35: 150 mm, 200 mm, 250 mm, 300 mm,
    350 mm, 400 mm | piece 200
abrasive-paper | abrasive paper grit {} | {}号砂纸 | 0.05 | sizes 1.0: 60, 80, 100, 120, 150,
    180 | sheet 5000
emery-cloth | emery cloth No. {} | {}号砂布 | 0.08 | sizes 1.15: 1, 2 | sheet 3000

[bearing set 120 1]
bearing | deep-groove ball bearing {} | 单列向心球轴承{} | 1.6 | sizes 1.08: 101, 102, 103, 104,
    105, 106, 107, 108, 109, 110, 111, 112, 201, 202, 203, 204, 205, 206, 207, 208, 209, 210,
    211, 212, 301, 302, 303, 304, 305, 306, 307, 308, 309, 310, 311, 312, 405, 406, 407, 408,
    409, 410
roller-bearing | tapered roller bearing {} | 圆锥滚子轴承{} | 1.6 | sizes 1.08: 7204, 7205, 7206,
    7207, 7208, 7209, 7210, 7211, 7212
thrust-bearing | thrust ball bearing {} | 推力球轴承{} | 1.6 | sizes 1.08: 8104, 8105, 8106,
    8107, 8108, 8109, 8110, 8111, 8112
self-aligning-bearing | self-aligning ball bearing {} | 双列向心球面球轴承{} | 1.6 |
    sizes 1.08: 1205, 1206, 1207, 1208, 1209, 1210
cylindrical-bearing | cylindrical roller bearing {} | 单列向心短圆柱滚子轴承{} | 1.6 |
    sizes 1.08: 2205, 2206, 2207, 2208, 2209, 2210

[machinery set 1 1]
water-pump | water pump {} | {}水泵 | 60 | sizes 1.5: 1.5 inch, 2 inch, 3 inch, 4 inch, 6 inch
blower | blower No. {} | {}号鼓风机 | 80 | sizes 1.6: 2, 4
hydraulic-jack | hydraulic jack {} | {}油压千斤顶 | 30 | sizes 1.4: 3 t, 5 t, 10 t | set 4
chain-block | chain block {} | {}手拉葫芦 | 55 | sizes 1.6: 1 t, 3 t | set 2
roller-chain | roller chain (pitch {}) | 节距{}滚子链 | 2.0 | sizes 1.3: 12.7 mm, 15.875 mm,
    19.05 mm | set 40
piston-ring | tractor piston ring ({}) | {}拖拉机活塞环 | 0.8 | sizes 1.2: KD-35, DT-54 | set 200
hoist | electric hoist {} | {}卷扬机 | 400 | sizes 1.6: 1 t, 3 t | set 0.3
belt-lathe | belt-driven lathe | 皮带车床 | 900 | | set 0.2
bench-drill | bench drill | 台钻 | 180 | | set 0.8
shaper | shaping machine | 牛头刨床 | 1200 | | set 0.1
punch-press | punch press | 冲床 | 800 | | set 0.2
bearing-handcart | ball-bearing handcart | 滚珠轴承手推车 | 25 | | set 6
rubber-tyred-cart | rubber-tyred cart | 胶轮大车 | 160 | | set 0.8
grain-mill | flour mill | 磨粉机 | 220 | | set 0.5
noodle-machine | noodle machine | 压面机 | 60 | | set 2
rice-transplanter | rice transplanter | 插秧机 | 45 | | set 2
corn-sheller | corn sheller | 玉米脱粒机 | 35 | | set 3
straw-cutter | straw cutter | 铡草机 | 40 | | set 3
knapsack-sprayer | knapsack sprayer | 背负式喷雾器 | 14 | | set 15
duster | hand duster | 手摇喷粉器 | 10 | | set 15
winnower | winnowing machine | 扬场机 | 90
seeder | seed drill | 播种机 | 70
waterwheel | chain-pump waterwheel | 水车 | 50 | | set 2
indigenous-crane | indigenous crane | 土吊车 | 150 | | set 0.5
belt-conveyor | belt conveyor | 皮带运输机 | 300 | | set 0.3
cylinder-liner | tractor cylinder liner | 拖拉机缸套 | 6.0 | | piece 30
spark-plug | spark plug | 火花塞 | 0.6 | | piece 200
bicycle-chain | bicycle chain | 自行车链条 | 1.5 | | piece 100
bicycle-spoke | bicycle spokes | 自行车辐条 | 0.02 | | piece 5000
bicycle-pedal | bicycle pedal | 自行车脚蹬 | 0.8 | | pair 100
sewing-needle | sewing-machine needles | 缝纫机针 | 0.05 | | piece 3000
spur-gear | spur gear (module {}) | 模数{}直齿轮 | 3.0 | sizes 1.3: 1.5, 2, 2.5, 3, 4 | piece 40
pulley | belt pulley {} | {}皮带轮 | 4.0 | sizes 1.4: 200 mm, 300 mm, 400 mm | piece 20
coupling | shaft coupling | 联轴器 | 5.0 | | piece 20
hand-pump | hand pump | 手压泵 | 12 | | set 5
vertical-boiler | vertical boiler {} | {}立式锅炉 | 1500 | sizes 1.8: 0.2 t/h, 0.5 t/h | set 0.05
steam-engine | indigenous steam engine | 土蒸汽机 | 800 | | set 0.1
oil-press | oil press | 榨油机 | 300 | | set 0.3

[tool piece 100 1]
twist-drill | twist drill {} | {}麻花钻头 | 0.5 | sizes 1.12: 2 mm, 3 mm, 4 mm, 5 mm, 6 mm, 7 mm,
    8 mm, 9 mm, 10 mm, 11 mm, 12 mm, 13 mm, 14 mm, 15 mm, 16 mm, 18 mm, 20 mm, 25 mm | piece 120
tap | tap {} | {}丝锥 | 0.8 | sizes 1.15: M4, M5, M6, M8, M10, M12, M16, M20
die | die {} | {}板牙 | 0.9 | sizes 1.15: M4, M5, M6, M8, M10, M12, M16, M20
reamer | reamer {} | {}铰刀 | 1.4 | sizes 1.15: 6 mm, 8 mm, 10 mm, 12 mm | piece 60
milling-cutter | {} milling cutter | {}铣刀 | 6.0 | kinds: plain=圆柱, side=三面刃, end=立 |
    piece 20
lathe-tool | {} lathe tool | {}车刀 | 0.9 | kinds: turning=外圆, facing=端面, parting=切断,
    threading=螺纹 | piece 80
file | {} file | {}锉 | 0.7 | kinds: flat=扁, half-round=半圆, round=圆, triangular=三角,
    square=方, needle=什锦 | piece 200
vernier-caliper | vernier caliper {} | {}游标卡尺 | 8.0 | sizes 1.3: 125 mm, 150 mm, 200 mm,
    300 mm | piece 10
micrometer | outside micrometer {} | {}外径千分尺 | 14.0 | sizes 1.2: 0-25 mm, 25-50 mm,
    50-75 mm | piece 6
adjustable-wrench | adjustable wrench {} | {}活扳手 | 1.2 | sizes 1.2: 150 mm, 200 mm, 250 mm,
    300 mm
bench-vice | bench vice {} | {}台虎钳 | 9.0 | sizes 1.3: 100 mm, 125 mm | piece 10
soldering-iron | electric soldering iron {} | {}电烙铁 | 1.6 | sizes 1.3: 25 W, 75 W | piece 60
hacksaw-blade | hacksaw blades | 钢锯条 | 0.12 | | piece 1000
steel-rule | steel rule | 钢板尺 | 0.5 | | piece 200
feeler-gauge | feeler gauge | 塞尺 | 1.2 | | piece 60
pipe-wrench | pipe wrench | 管子钳 | 2.4 | | piece 60
pliers | combination pliers | 钢丝钳 | 1.0 | | piece 150
hammer | fitter's hammer | 钳工锤 | 0.8 | | piece 200
chisel | cold chisel | 錾子 | 0.3 | | piece 300

[hardware piece 3000 1.4]
bolt | hexagon bolt {} | {}六角螺栓 | 0.03 | sizes 1.25: M6×20, M6×30, M8×25, M8×40, M10×30,
    M10×50, M12×40, M12×60, M16×50, M16×80, M20×60, M20×100, M24×80, M24×120
nut | hexagon nut {} | {}六角螺母 | 0.01 | sizes 1.3: M6, M8, M10, M12, M16, M20, M24 | piece 5000
wood-screw | wood screw {} | {}木螺钉 | 0.005 | sizes 1.3: 3×16, 4×25, 5×40 | piece 10000
machine-screw | machine screw {} | {}机螺钉 | 0.006 | sizes 1.2: M3, M4, M5 | piece 10000
rivet | rivet {} | {}铆钉 | 0.9 | sizes 1.0: 4 mm, 6 mm, 8 mm | kg 200
round-nail | round nail {} | {}圆钉 | 0.8 | sizes 1.0: 1 inch, 1.5 inch, 2.5 inch, 3 inch,
    4 inch | kg 600
iron-wire | iron wire {} | {}铁丝 | 0.7 | sizes 1.04: No. 8, No. 10, No. 12, No. 14, No. 16,
    No. 18, No. 20, No. 22 | kg 800
welding-rod | welding rod {} | {}电焊条 | 1.1 | sizes 1.0: 2.5 mm, 3.2 mm, 4 mm, 5 mm | kg 300
wire-rope | steel wire rope {} | {}钢丝绳 | 0.6 | sizes 1.5: 9.3 mm, 12.5 mm | m 300
pipe-fitting | malleable iron pipe {} | 可锻铸铁管件{} | 0.3 | kinds: elbow=弯头, tee=三通,
    socket=管箍 | piece 500
cast-iron-pipe | cast iron pipe {} | {}铸铁管 | 4.0 | sizes 1.4: 75 mm, 100 mm, 150 mm | m 40
gate-valve | gate valve {} | {}闸阀 | 6.0 | sizes 1.6: 1 inch, 2 inch | piece 30
globe-valve | globe valve {} | {}截止阀 | 5.0 | sizes 1.6: 1 inch, 2 inch | piece 30
barbed-wire | barbed wire | 刺铁丝 | 0.8 | | kg 500
washer | flat washers | 平垫圈 | 0.9 | | kg 300
hinge | door hinge | 合页 | 0.15 | | piece 1000
padlock | padlock | 挂锁 | 0.6 | | piece 300
babbitt | babbitt metal | 巴氏合金 | 6.0 | | kg 60
solder | tin solder | 焊锡 | 7.0 | | kg 60

[electrical piece 100 1]
motor | three-phase motor {} | {}三相异步电动机 | 260 | sizes 1.35: 0.6 kW, 1 kW, 1.7 kW, 4.5 kW,
    7 kW, 10 kW, 14 kW, 20 kW, 28 kW | set 0.6
transformer | power transformer {} | {}电力变压器 | 900 | sizes 1.5: 10 kVA, 20 kVA, 30 kVA,
    50 kVA, 100 kVA, 180 kVA | set 0.1
welder | AC arc welder {} | {}交流电焊机 | 600 | sizes 1.4: 300 A, 500 A | set 0.2
knife-switch | knife switch {} | {}闸刀开关 | 0.8 | sizes 1.4: 15 A, 30 A, 60 A, 100 A | piece 200
magnetic-starter | magnetic starter {} | {}磁力起动器 | 18 | sizes 1.5: No. 2, No. 4 | piece 10
fuse | plug fuse {} | {}瓷插式熔断器 | 0.3 | sizes 1.3: 10 A, 30 A | piece 500
enamelled-wire | enamelled wire {} | {}漆包线 | 9.0 | sizes 0.97: 0.06 mm, 0.1 mm, 0.15 mm,
    0.2 mm, 0.25 mm, 0.31 mm, 0.41 mm, 0.51 mm, 0.64 mm, 0.8 mm, 1.0 mm, 1.25 mm, 1.5 mm | kg 40
rubber-wire | rubber-insulated wire {} | {}橡皮绝缘线 | 0.2 | sizes 1.4: 1.5 mm2, 2.5 mm2, 4 mm2,
    6 mm2, 10 mm2, 16 mm2 | m 1000
aluminium-strand | bare aluminium stranded wire {} | {}铝绞线 | 0.3 | sizes 1.4: 16 mm2, 25 mm2,
    35 mm2, 50 mm2, 70 mm2 | m 800
dry-battery | dry battery {} | {}干电池 | 0.12 | sizes 1.6: No. 2, No. 5, layer type A,
    layer type B | piece 2000
electric-stove | electric stove {} | {}电炉 | 3.0 | sizes 1.3: 600 W, 1000 W, 2000 W | piece 60
electric-meter | {} meter | {}表 | 8.0 | kinds: watt-hour=电度, ammeter=电流, voltmeter=电压 |
    piece 15
lamp-holder | lamp holder | 灯头 | 0.12 | | piece 1500
pull-switch | pull switch | 拉线开关 | 0.15 | | piece 1500
wall-socket | wall socket | 插座 | 0.15 | | piece 1500
bare-copper-wire | bare copper wire | 裸铜线 | 4.2 | | kg 100
storage-battery | lead storage battery | 铅蓄电池 | 45 | | piece 3
multimeter | multimeter | 万用表 | 30 | | piece 3
carbon-brush | carbon brushes | 电刷 | 0.3 | | piece 300
mica-sheet | mica sheet | 云母片 | 6.0 | | kg 20
insulating-tape | insulating tape | 绝缘胶布 | 0.2 | | roll 800
electric-iron | electric iron | 电熨斗 | 4.0 | | piece 40
electric-fan | electric fan | 电扇 | 60 | | piece 3
relay | relay | 继电器 | 3.0 | | piece 40
telephone-set | telephone set | 电话机 | 25 | | piece 4
fluorescent-lamp | fluorescent lamp {} | {}日光灯管 | 2.4 | sizes 1.4: 20 W, 40 W | piece 100
ballast | fluorescent lamp ballast | 镇流器 | 2.0 | | piece 100
power-cable | rubber-sheathed cable {} | {}橡套电缆 | 1.2 |
    sizes 1.6: 3×4 mm2, 3×10 mm2, 3×25 mm2 | m 300
porcelain-tube | porcelain wall tube | 瓷管 | 0.03 | | piece 3000
distribution-box | distribution box | 配电箱 | 30 | | piece 3

[electronics piece 400 1]
wirewound-resistor | wire-wound resistor | 线绕电阻器 | 0.4
mica-capacitor | mica capacitor | 云母电容器 | 0.3 | | piece 500
ceramic-capacitor | ceramic capacitor | 瓷介电容器 | 0.2 | | piece 600
selenium-rectifier | selenium rectifier | 硒整流器 | 3.0 | | piece 40
copper-oxide-rectifier | copper oxide rectifier | 氧化铜整流器 | 2.4 | | piece 40
quartz-crystal | quartz crystal resonator | 石英晶体 | 6.0 | | piece 10

[instrument piece 30 1]
pressure-gauge | pressure gauge {} | {}压力表 | 4.0 | sizes 1.15: 0-6 kg/cm2, 0-10 kg/cm2,
    0-25 kg/cm2, 0-60 kg/cm2 | piece 40
vacuum-gauge | vacuum gauge | 真空表 | 5.0
pharmacy-balance | pharmacy balance | 药物天平 | 12 | | piece 10
analytical-balance | analytical balance | 分析天平 | 180 | | piece 0.5
microscope | student microscope | 学生显微镜 | 60 | | piece 1
magnifier | magnifying glass | 放大镜 | 0.4 | | piece 300
flow-meter | water meter | 水表 | 14 | | piece 10
theodolite | indigenous theodolite | 土经纬仪 | 300 | | piece 0.2

[metal kg 100 1]
ferromanganese | ferromanganese | 锰铁 | 0.9 | | kg 500
ferrochrome | ferrochrome | 铬铁 | 2.0 | | kg 300
silicomanganese | silicomanganese | 硅锰合金 | 1.1 | | kg 400
ferromolybdenum | ferromolybdenum | 钼铁 | 9.0 | | kg 50
ferrotitanium | ferrotitanium | 钛铁 | 4.0 | | kg 100
indigenous-aluminium | aluminium (indigenous process) | 土法铝 | 3.0 | | kg 60
secondary-copper | secondary copper | 再生铜 | 3.2 | | kg 100
electrolytic-copper | electrolytic copper | 电解铜 | 4.2 | | kg 80
zinc | zinc | 锌 | 1.6 | | kg 200
lead | lead | 铅 | 1.4 | | kg 200
tin | tin | 锡 | 11.0 | | kg 20
antimony | antimony | 锑 | 4.0 | | kg 60
nickel | nickel | 镍 | 20.0 | | kg 10
selenium | selenium | 硒 | 80.0 | | kg 2
tellurium | tellurium | 碲 | 90.0 | | kg 1
germanium | germanium | 锗 | 2500 | | kg 0.05
molybdenum | molybdenum | 钼 | 40.0 | | kg 3
bismuth | bismuth | 铋 | 30.0 | | kg 4
cadmium | cadmium | 镉 | 25.0 | | kg 5
recovered-silver | recovered silver | 回收白银 | 200 | | kg 0.5
steel-wire | steel wire | 钢丝 | 1.2 | | kg 200
aluminium-sheet | aluminium sheet | 铝板 | 4.5 | | kg 50
iron-powder | iron powder | 铁粉 | 0.8 | | kg 200
copper-powder | copper powder | 铜粉 | 6.0 | | kg 30
aluminium-powder | aluminium powder | 铝粉 | 6.5 | | kg 30
bronze-bushing | powder-metallurgy bronze bushing | 粉末冶金铜套 | 0.4 | | piece 500

[daily piece 1000 1.6]
toilet-soap | toilet soap | 香皂 | 0.25 | | piece 3000
soap-powder | soap powder | 肥皂粉 | 0.9 | | kg 800
synthetic-detergent | synthetic detergent | 合成洗涤剂 | 1.2 | | kg 500
toothpaste | toothpaste | 牙膏 | 0.3 | | tube 2000
tooth-powder | tooth powder | 牙粉 | 0.1 | | bag 3000
vanishing-cream | vanishing cream | 雪花膏 | 0.4 | | bottle 1500
cold-cream | cold cream | 冷霜 | 0.5 | | bottle 1000
hair-oil | hair oil | 发油 | 0.4 | | bottle 800
pomade | pomade | 发蜡 | 0.4 | | tin 800
perfume | perfume | 香水 | 0.8 | | bottle 500
toilet-water | toilet water | 花露水 | 0.5 | | bottle 800
candle | candles | 蜡烛 | 0.3 | | box 1500
shoe-polish-black | black shoe polish | 黑鞋油 | 0.15 | | tin 2000
shoe-polish-brown | brown shoe polish | 棕鞋油 | 0.15 | | tin 1500
floor-wax | floor wax | 地板蜡 | 0.6 | | tin 500
mosquito-coil | mosquito coils | 蚊香 | 0.2 | | box 2000
peppermint-oil | peppermint oil | 薄荷油 | 12.0 | | kg 20
essence | flavouring essence | 食用香精 | 8.0 | | kg 30

[rubber piece 1000 1]
water-hose | rubber water hose | 输水胶管 | 0.8 | | m 200
air-hose | rubber air hose | 输气胶管 | 1.2 | | m 150
steam-hose | rubber steam hose | 蒸汽胶管 | 1.8 | | m 100
transmission-belt | rubber transmission belt | 橡胶传动带 | 2.4 | | m 100
v-belt | V-belt type {} | {}型三角胶带 | 1.0 | sizes 1.4: A, B, C | piece 200
rubber-sheet | rubber sheet | 橡胶板 | 2.0 | | kg 200
rubber-gasket | rubber gaskets | 橡胶垫圈 | 0.05 | | piece 3000
reclaimed-rubber | reclaimed rubber | 再生胶 | 0.8 | | kg 800
rubber-ball | rubber ball | 皮球 | 0.3
hot-water-bottle | hot-water bottle | 热水袋 | 1.2 | | piece 300
bakelite-powder | phenolic moulding powder | 电木粉 | 2.2 | | kg 200
bakelite-parts | bakelite parts | 电木制品 | 0.1 | | piece 2000
celluloid | celluloid sheet | 赛璐珞 | 4.0 | | kg 60
celluloid-comb | celluloid comb | 赛璐珞梳子 | 0.08 | | piece 3000
phenolic-resin | phenolic resin | 酚醛树脂 | 2.6 | | kg 200
urea-resin | urea-formaldehyde resin | 脲醛树脂 | 2.2 | | kg 200
alkyd-resin | alkyd resin | 醇酸树脂 | 2.8 | | kg 150
artificial-leather | artificial leather | 人造革 | 2.0 | | m 200
button | plastic buttons | 塑料纽扣 | 0.3 | | gross 500
toothbrush | toothbrush | 牙刷 | 0.12 | | piece 2000

[paper kg 600 1]
kraft-paper | kraft paper | 牛皮纸 | 1.2
wrapping-paper | wrapping paper | 包装纸 | 0.6 | | kg 1000
toilet-paper | toilet paper | 卫生纸 | 0.7 | | kg 800
strawboard | strawboard | 草纸板 | 0.25 | | kg 2000
cigarette-paper | cigarette paper | 卷烟纸 | 2.4 | | kg 200
carbon-paper | carbon paper | 复写纸 | 6.0 | | kg 60
filter-paper | filter paper | 滤纸 | 4.0 | | kg 60
blotting-paper | blotting paper | 吸墨纸 | 1.6 | | kg 200
grey-board | grey paperboard | 灰纸板 | 0.3 | | kg 2000
corrugated-board | corrugated board | 瓦楞纸板 | 0.5 | | kg 1000
insulating-paper | insulating paper | 绝缘纸 | 3.0 | | kg 100
waxed-paper | waxed paper | 蜡纸 | 1.6 | | kg 200
stencil-paper | stencil paper | 打字蜡纸 | 8.0 | | kg 30
tracing-paper | tracing paper | 描图纸 | 5.0 | | kg 40
reed-pulp-paper | reed pulp paper | 苇浆纸 | 0.8 | | kg 1000

[textile piece 1000 1]
wild-fibre-cloth | wild-fibre cloth | 野生纤维布 | 0.5 | | m 300
socks | cotton socks | 棉袜 | 0.4 | | pair 1000
towel | towel | 毛巾 | 0.6 | | piece 800
cotton-gloves | cotton work gloves | 线手套 | 0.3 | | pair 1000
hemp-rope | hemp rope | 麻绳 | 1.4 | | kg 200
gunny-sack | gunny sack | 麻袋 | 1.8 | | piece 300
canvas | canvas | 帆布 | 1.6 | | m 200
cotton-thread | sewing thread | 棉线 | 0.1 | | reel 3000
glass-fibre-cloth | glass-fibre cloth | 玻璃纤维布 | 3.0 | | m 50
reed-rayon | rayon from reed pulp | 苇浆人造丝 | 6.0 | | kg 40
straw-rope | straw rope | 草绳 | 0.1 | | kg 2000
straw-bag | straw bags | 草袋 | 0.15 | | piece 1500
kenaf-sack | kenaf sack | 洋麻袋 | 1.4 | | piece 300
fishing-net | fishing net | 渔网 | 3.0 | | kg 30
tarpaulin | tarpaulin | 油布 | 2.4 | | m 100
felt | industrial felt | 工业毛毡 | 4.0 | | kg 40
cotton-belt | cotton conveyor belt | 棉帆布输送带 | 5.0 | | m 30

[food kg 500 1.5]
msg | monosodium glutamate | 味精 | 12.0 | | kg 30
glucose | crystalline glucose | 结晶葡萄糖 | 1.6 | | kg 200
corn-starch | corn starch | 玉米淀粉 | 0.4 | | kg 1500
potato-starch | potato starch | 马铃薯淀粉 | 0.45 | | kg 1000
maltose | maltose syrup | 饴糖 | 0.6 | | kg 800
yeast | baker's yeast | 鲜酵母 | 1.0 | | kg 300
chlorella | chlorella | 小球藻 | 0.8 | | kg 200
leaf-protein | leaf protein | 叶蛋白 | 1.2 | | kg 100
corncob-starch | corncob starch | 玉米芯淀粉 | 0.2 | | kg 1500
acorn-flour | acorn flour | 橡子面 | 0.2 | | kg 2000
substitute-liquor | liquor from substitute materials | 代用品白酒 | 1.4
fruit-wine | fruit wine | 果酒 | 1.2
soda-water | soda water | 汽水 | 0.3 | | kg 1500
biscuits | biscuits | 饼干 | 1.6 | | kg 600
hard-candy | hard candy | 硬糖 | 1.8
canned-fruit | canned fruit | 水果罐头 | 1.2 | | kg 800
canned-vegetables | canned vegetables | 蔬菜罐头 | 0.8 | | kg 800
soy-sauce-powder | soy sauce powder | 酱油粉 | 1.0 | | kg 300
vinegar-essence | vinegar essence | 醋精 | 0.6
bean-curd-sheet | dried bean-curd sheet | 豆腐皮 | 1.0 | | kg 300
jam | fruit jam | 果酱 | 1.0 | | kg 500
fruit-juice | fruit juice | 果汁 | 0.6 | | kg 800
chilli-sauce | chilli sauce | 辣椒酱 | 0.6 | | kg 500
starch-noodles | starch noodles | 粉条 | 0.5 | | kg 800
sweet-potato-starch | sweet potato starch | 红薯淀粉 | 0.35 | | kg 1500
beet-sugar | beet sugar (indigenous process) | 土法甜菜糖 | 0.9 | | kg 300
kelp-food | kelp food | 海带食品 | 0.3 | | kg 800
pickles | pickles | 酱菜 | 0.4 | | kg 1000

[stationery piece 1000 1.5]
blue-black-ink | blue-black ink | 蓝黑墨水 | 0.25 | | bottle 1500
red-ink | red ink | 红墨水 | 0.25 | | bottle 1500
pure-blue-ink | pure blue ink | 纯蓝墨水 | 0.25 | | bottle 1500
carbon-ink | carbon ink | 碳素墨水 | 0.35 | | bottle 1500
chinese-ink | Chinese ink | 墨汁 | 0.3 | | bottle 1500
pencil-hb | pencils HB | HB铅笔 | 2.4 | | gross 100
pencil-2b | pencils 2B | 2B铅笔 | 2.4 | | gross 60
coloured-pencil | coloured pencils | 彩色铅笔 | 0.4 | | box 500
white-chalk | white chalk | 白粉笔 | 0.15 | | box 3000
coloured-chalk | coloured chalk | 彩色粉笔 | 0.25
crayons | wax crayons | 蜡笔 | 0.2 | | box 1500
ink-pad | ink pad | 印台 | 0.3 | | piece 800
eraser | eraser | 橡皮擦 | 0.03 | | piece 5000
pen-nib | pen nibs | 钢笔尖 | 0.6 | | gross 300
glue | glue | 胶水 | 0.1 | | bottle 3000
paste | starch paste | 浆糊 | 0.3 | | kg 800
typewriter-ribbon | typewriter ribbon | 打字带 | 0.8 | | roll 200
"""


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("×", "x")).strip("-")


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    """`English=Chinese, ...` as pairs."""
    return tuple((en, zh) for en, zh in (item.split("=") for item in text.split(", ")))


def _lines(text: str) -> list[str]:
    """The lines of a text table; an indented line continues the one before it."""
    lines: list[str] = []
    for line in text.splitlines():
        if line.startswith(" ") and lines:
            lines[-1] += " " + line.strip()
        elif line.strip():
            lines.append(line.strip())
    return lines


def _rows(table: str) -> list[list[str]]:
    """The rows of a `|`-separated text table, fields stripped."""
    return [[f.strip() for f in line.split("|")] for line in _lines(table)]


def _variants(spec: str) -> tuple[_Variant, ...]:
    """The variants a catalogue row names (see `_CATALOG`)."""
    if not spec:
        return ()
    if spec == "grades3":
        return _GRADES3
    if spec == "reagent2":
        return _GRADES3[1:]
    if spec.startswith("colours "):
        pairs = _COLOURS[: int(spec.split()[1])]
    elif spec.startswith("kinds: "):
        pairs = _pairs(spec[len("kinds: ") :])
    else:
        head, labels = spec.split(": ")
        step = float(head.split()[1])
        sizes = labels.split(", ")
        return tuple(
            (_slug(s), s, s.replace(" ", ""), step**i, step**-i, 1.0) for i, s in enumerate(sizes)
        )
    return tuple((_slug(en), en, zh, 1.0, 1.0, 1.0) for en, zh in pairs)


def _general_catalog() -> list[_Product]:
    """The new products to choose from, in the order `_CATALOG` lists them."""
    products: list[_Product] = []
    sector, uom, daily, small = "", "", 0.0, 1.0
    for line in _lines(_CATALOG):
        if line.startswith("["):
            sector, uom, daily_text, small_text = line[1:-1].split()
            daily, small = float(daily_text), float(small_text)
            continue
        fields = [f.strip() for f in line.split("|")]
        code, name, name_zh, price = fields[0], fields[1], fields[2], float(fields[3])
        spec = fields[4] if len(fields) > 4 else ""
        row_uom, row_daily = fields[5].split() if len(fields) > 5 else (uom, str(daily))
        variants = _variants(spec)
        if not variants:
            products.append(
                _Product(code, name, name_zh, row_uom, price, float(row_daily), sector, small)
            )
        for suffix, en, zh, pf, df, sf in variants:
            products.append(
                _Product(
                    f"{code}-{suffix}",
                    name.format(en),
                    name_zh.format(zh),
                    row_uom,
                    float(f"{price * pf:.3g}"),
                    float(row_daily) * df,
                    sector,
                    small * sf,
                )
            )
    return products


# The city's products before the movement: the old factories' main products.
_OLD_PRODUCTS = _rows("""
gasoline | gasoline | 汽油 | t | 560
ferrosilicon | ferrosilicon | 硅铁 | t | 800
cotton-cloth | cotton cloth | 棉布 | m | 0.9
printing-paper | printing paper | 印刷纸 | t | 950
bleaching-powder | bleaching powder | 漂白粉 | t | 320
motor-2-8-kw | three-phase motor 2.8 kW | 2.8千瓦三相异步电动机 | set | 520
threshing-machine | threshing machine | 脱粒机 | set | 380
window-glass | window glass | 窗玻璃 | m2 | 2.0
canned-pork | canned pork | 猪肉罐头 | can | 0.9
soy-sauce | soy sauce | 酱油 | t | 260
aspirin-tablets | compound aspirin tablets | 复方阿司匹林片 | bottle | 0.6
rubber-shoes | rubber shoes | 胶鞋 | pair | 2.8
earthenware-vat | earthenware vat | 缸 | piece | 3.0
dry-battery-no-1 | dry battery No. 1 | 1号干电池 | piece | 0.15
black-ready-mixed-paint | black ready-mixed paint | 黑调合漆 | kg | 1.6
sole-leather | sole leather | 底革 | kg | 3.2
laundry-soap | laundry soap | 洗衣皂 | t | 1000
round-nail-2-inch | round nail 2 inch | 2寸圆钉 | kg | 0.8
knitted-underwear | knitted underwear | 针织内衣 | piece | 2.5
""")

# The Tiebei plant's and the radio factory's products; optical glass (the article's example).
_TIEBEI_PRODUCTS = (
    _Product("caustic-soda", "caustic soda", "火碱", _T, 480.0, 0.0, "chem"),
    _Product("petroleum-jelly", "petroleum jelly", "凡士林", _T, 1200.0, 0.0, "petro"),
)
OPTICAL_GLASS = _Product("optical-glass", "optical glass", "光学玻璃", "kg", 30.0, 20.0, "glass")
# The radio factory's parts: code, names, price, first success and daily output in batch
# production (reconstruction). The first four came before the movement.
_RADIO_PARTS = tuple(
    (_Product(code, en, zh, "piece", float(price)), date.fromisoformat(day), int(daily))
    for code, en, zh, price, day, daily in _rows("""
carbon-resistor | carbon-film resistor | 碳膜电阻器 | 0.12 | 1960-01-12 | 300
paper-capacitor | paper capacitor | 纸介电容器 | 0.15 | 1960-01-20 | 300
potentiometer | potentiometer | 电位器 | 0.8 | 1960-02-03 | 60
band-switch | band switch | 波段开关 | 1.2 | 1960-02-10 | 40
germanium-diode | germanium diode | 锗二极管 | 1.5 | 1960-02-27 | 80
ferrite-antenna | ferrite rod antenna | 磁性天线 | 0.8 | 1960-02-29 | 60
electrolytic-capacitor | electrolytic capacitor | 电解电容器 | 0.5 | 1960-03-02 | 120
if-transformer | intermediate-frequency transformer | 中频变压器 | 1.0 | 1960-03-06 | 80
germanium-transistor | germanium transistor | 锗晶体三极管 | 6.0 | 1960-03-09 | 40
variable-capacitor | variable capacitor | 可变电容器 | 3.0 | 1960-03-15 | 30
input-transformer | input transformer | 输入变压器 | 1.5 | 1960-03-20 | 40
output-transformer | output transformer | 输出变压器 | 1.5 | 1960-03-22 | 40
earphone | earphone | 耳机 | 2.5 | 1960-04-02 | 20
""")
)
RADIO_MAIN = "germanium-transistor"
_RADIO_EQUIPMENT_PRODUCTS = (
    _Product("indigenous-equipment", "indigenous equipment", "土设备", "piece", None),
    _Product("instruments-and-moulds", "instruments and moulds", "仪表和模具", "set", None),
)

# The food company: meat, the wastes it leaves, and 31 medicines made from them.
MEAT_PRICE = 1500.0  # yuan a tonne (reconstruction)
MEAT = _Product("meat", "fresh meat (pork, beef and mutton)", "鲜肉（猪牛羊肉）", _T, MEAT_PRICE)
# t of waste per t of meat (reconstruction)
WASTES = {
    code: (en, zh, float(per_t))
    for code, en, zh, per_t in _rows("""
pig-waste | pig waste (blood, organs, glands, bile, skin and bones) | 猪的废物 | 0.40
cattle-waste | cattle waste (blood, organs, glands, bile, hides and bones) | 牛的废物 | 0.12
sheep-waste | sheep waste (intestines, organs, wool grease and horns) | 羊的废物 | 0.08
""")
}


@dataclass(frozen=True, slots=True)
class _Medicine:
    product: _Product
    inputs: tuple[tuple[str, float], ...]  # waste, t of it per unit of the medicine
    weight: float  # its share of the by-product value (reconstruction)
    success: date  # first made (reconstruction)


# code | English | Chinese | uom | price | waste: t per unit | weight | first made
# (all but the names reconstruction)
_MEDICINE_TABLE = """
liver-extract-injection | liver extract injection (box of 10 ampoules) | 肝精注射液 |
    box | 3.2 | pig 0.0002, cattle 0.0001 | 12 | 1960-02-29
liver-extract-tablets | liver extract tablets (bottle of 100) | 肝浸膏片 |
    bottle | 1.6 | pig 0.0002 | 4 | 1960-03-14
pepsin | pepsin | 胃蛋白酶 | kg | 48 | pig 0.008 | 5 | 1960-02-26
pancreatin | pancreatin | 胰酶 | kg | 36 | pig 0.006 | 4 | 1960-03-03
insulin-injection | insulin injection (vial of 400 units) | 胰岛素注射液 |
    vial | 2.4 | pig 0.0001, cattle 0.00005 | 7 | 1960-03-24
heparin-sodium | heparin sodium | 肝素钠 | g | 20 | pig 0.0015 | 5 | 1960-03-30
pig-bile-powder | pig bile powder | 猪胆粉 | kg | 14 | pig 0.006 | 3 | 1960-02-25
cholic-acid | cholic acid | 胆酸 | kg | 40 | pig 0.008, cattle 0.004 | 3 | 1960-03-10
dehydrocholic-acid | dehydrocholic acid | 去氢胆酸 |
    kg | 85 | cattle 0.005, pig 0.005 | 2 | 1960-04-12
artificial-bezoar | artificial bezoar | 人工牛黄 |
    kg | 110 | pig 0.008, cattle 0.004 | 4 | 1960-03-18
ox-bile-extract | ox bile extract | 牛胆浸膏 | kg | 12 | cattle 0.006 | 2 | 1960-03-07
thyroid-tablets | thyroid tablets (bottle of 100) | 甲状腺片 |
    bottle | 1.1 | pig 0.00005, cattle 0.00002, sheep 0.00001 | 2 | 1960-03-21
adrenaline-injection | adrenaline injection (box of 10 ampoules) | 肾上腺素注射液 |
    box | 2.6 | pig 0.0001, cattle 0.00005 | 3 | 1960-04-06
pituitrin-injection | posterior pituitary injection (box of 10 ampoules) | 垂体后叶注射液 |
    box | 4.2 | cattle 0.00005, pig 0.00005 | 3 | 1960-04-15
placenta-tissue-fluid | placenta tissue fluid injection (box of 10 ampoules) | 胎盘组织液 |
    box | 1.8 | pig 0.0002 | 3 | 1960-03-12
protein-hydrolysate-injection | protein hydrolysate injection (500 ml) | 水解蛋白注射液 |
    bottle | 2.5 | pig 0.0008 | 5 | 1960-03-27
thrombin | thrombin (vial) | 凝血酶 | vial | 1.4 | cattle 0.0002, pig 0.0001 | 2 | 1960-04-09
blood-tonic-syrup | blood tonic syrup from pig blood | 猪血补血糖浆 |
    bottle | 0.8 | pig 0.0003 | 3 | 1960-03-01
gastric-mucin | gastric mucin | 胃膜素 | kg | 26 | pig 0.006 | 2 | 1960-03-16
cholesterol | cholesterol | 胆固醇 | kg | 70 | pig 0.015 | 2 | 1960-04-03
cephalin | cephalin | 脑磷脂 | kg | 90 | pig 0.02 | 2 | 1960-04-18
surgical-catgut | surgical catgut (box of 12 strands) | 羊肠线 |
    box | 4.5 | sheep 0.0001 | 4 | 1960-03-05
lanolin | lanolin | 羊毛脂 | kg | 5 | sheep 0.001 | 2 | 1960-03-19
sheep-horn-powder | sheep horn powder | 羊角粉 | kg | 10 | sheep 0.0012 | 2 | 1960-03-09
pig-hoof-shell | pig hoof shell | 猪蹄甲 | kg | 1.8 | pig 0.0012 | 1 | 1960-02-24
cattle-hide-gelatin | cattle hide gelatin | 黄明胶 | kg | 7.5 | cattle 0.003 | 2 | 1960-03-23
pigskin-gelatin | pigskin gelatin (new ejiao) | 新阿胶 | kg | 6.5 | pig 0.003 | 3 | 1960-03-26
bone-calcium-tablets | bone calcium tablets (bottle of 100) | 骨质钙片 |
    bottle | 0.6 | pig 0.0002, cattle 0.0001 | 2 | 1960-04-01
peptone | peptone | 蛋白胨 | kg | 12 | pig 0.003, cattle 0.0015 | 2 | 1960-03-29
spleen-extract-injection | spleen extract injection (box of 10 ampoules) | 脾浸液注射液 |
    box | 2.0 | pig 0.0002 | 2 | 1960-04-21
cytochrome-c-injection | cytochrome C injection (box of 10 ampoules) | 细胞色素丙注射液 |
    box | 6.0 | pig 0.0002 | 3 | 1960-04-25
"""


def _medicine(
    code: str, en: str, zh: str, uom: str, price: str, inputs: str, weight: str, first: str
) -> _Medicine:
    waste = tuple(
        (f"{animal}-waste", float(per_unit))
        for animal, per_unit in (item.split() for item in inputs.split(", "))
    )
    product = _Product(code, en, zh, uom, float(price), 0.0, "pharma")
    return _Medicine(product, waste, float(weight), date.fromisoformat(first))


_MEDICINES = tuple(_medicine(*row) for row in _rows(_MEDICINE_TABLE))


@dataclass(frozen=True, slots=True)
class _FoodFactory:
    n: int
    meat_t: float  # fresh meat a day (reconstruction)
    ratio: float  # by-product value / main-product value in May 1960 (reconstruction)
    medicines: int  # how many of the 31 it makes
    opened: date


# "各食品厂已经作到或接近作到了副产超主产": three above 1, two just below.
_FOOD_FACTORIES = (
    _FoodFactory(1, 5.2, 1.24, 25, date(1953, 6, 1)),
    _FoodFactory(2, 3.1, 1.12, 15, date(1955, 4, 1)),
    _FoodFactory(3, 2.4, 1.05, 11, date(1956, 9, 1)),
    _FoodFactory(4, 1.8, 0.96, 9, date(1957, 5, 1)),
    _FoodFactory(5, 1.5, 0.93, 7, date(1958, 10, 1)),
)
_ZH_ORDINALS = "一二三四五六七八九"


def _food_code(n: int) -> str:
    return f"{FOOD_COMPANY}-F{n}"


# -- regions ---------------------------------------------------------------------------------
_DISTRICTS = (
    ("GT", "Guta District", "古塔区", "Guta"),
    ("LH", "Linghe District", "凌河区", "Linghe"),
    ("JQ", "Suburban District", "郊区", "Suburban"),
)
# The seven counties the city led from 1958, when Jinzhou prefecture was abolished, to 1965.
_COUNTIES = (
    ("JX", "Jin County", "锦县"),
    ("JXI", "Jinxi County", "锦西县"),
    ("XC", "Xingcheng County", "兴城县"),
    ("SZ", "Suizhong County", "绥中县"),
    ("BZ", "Beizhen County", "北镇县"),
    ("HS", "Heishan County", "黑山县"),
    ("YX", "Yi County", "义县"),
)


def _region_rows() -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = [
        ("CN", "", "nation", "China", "中国"),
        ("CN-LN", "CN", "province", "Liaoning", "辽宁省"),
        (CITY, "CN-LN", "prefecture", "Jinzhou", "锦州市"),
    ]
    rows += [(f"{CITY}-{c}", CITY, "district", en, zh) for c, en, zh, _ in _DISTRICTS]
    rows += [(f"{CITY}-{c}", CITY, "county", en, zh) for c, en, zh in _COUNTIES]
    rows.append((FOOD_COMPANY, CITY, "company", "Jinzhou Food Company", "锦州市食品公司"))
    return rows


# -- units -----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Old:
    """A factory of the city from before the movement."""

    code: str
    name: str
    name_zh: str
    kind: str
    industry: str
    product: str
    capacity: int
    opened: date
    sectors: tuple[str, ...]  # whose new products it tried


_OLD_FACTORIES = tuple(
    _Old(
        code,
        en,
        zh,
        kind,
        industry,
        product,
        int(capacity),
        date.fromisoformat(opened),
        tuple(sectors.split()),
    )
    for code, en, zh, kind, industry, product, capacity, opened, sectors in _rows("""
GT-E01 | Jinzhou No. 6 Petroleum Plant | 锦州石油六厂 | large | petroleum | gasoline | 300 |
    1951-05-01 | petro chem
JQ-E02 | Jinzhou Ferroalloy Works | 锦州铁合金厂 | large | metallurgy | ferrosilicon | 120 |
    1952-10-01 | metal
LH-E03 | Jinzhou Textile Mill | 锦州纺织厂 | large | textile | cotton-cloth | 60000 |
    1950-07-01 | textile
JQ-E04 | Jinzhou Paper Mill | 锦州造纸厂 | modern | paper | printing-paper | 30 | 1951-03-01 | paper
LH-E05 | Jinzhou Chemical Works | 锦州化工厂 | modern | chemical | bleaching-powder | 20 |
    1954-08-01 | chem reagent agro
GT-E06 | Jinzhou Electric Motor Works | 锦州电机厂 | modern | electrical | motor-2-8-kw | 10 |
    1956-04-01 | electrical
LH-E07 | Jinzhou Machinery Works | 锦州机械厂 | modern | machinery | threshing-machine | 8 |
    1953-09-01 | machinery tool bearing
GT-E08 | Jinzhou Glass Works | 锦州玻璃厂 | modern | glass | window-glass | 2000 | 1955-06-01 |
    glass
LH-E09 | Jinzhou Cannery | 锦州罐头厂 | modern | food | canned-pork | 8000 | 1956-10-01 | food
GT-E10 | Jinzhou Brewing Works | 锦州酿造厂 | modern | food | soy-sauce | 15 | 1952-05-01 | food
GT-E11 | Jinzhou Pharmaceutical Works | 锦州制药厂 | modern | pharmaceutical | aspirin-tablets |
    3000 | 1957-03-01 | pharma reagent
LH-E12 | Jinzhou Rubber Works | 锦州橡胶厂 | modern | rubber | rubber-shoes | 3000 | 1955-01-01 |
    rubber
JQ-E13 | Jinzhou Ceramics Works | 锦州陶瓷厂 | modern | building materials | earthenware-vat |
    300 | 1954-04-01 | building
GT-E14 | Jinzhou Battery Works | 锦州电池厂 | modern | electrical | dry-battery-no-1 | 20000 |
    1957-07-01 | electrical electronics
LH-E15 | Jinzhou Paint Works | 锦州油漆厂 | modern | chemical | black-ready-mixed-paint | 3000 |
    1956-02-01 | paint
JQ-E16 | Jinzhou Tannery | 锦州制革厂 | modern | light industry | sole-leather | 800 |
    1953-11-01 | rubber daily
GT-E17 | Jinzhou Soap Works | 锦州肥皂厂 | modern | light industry | laundry-soap | 8 |
    1954-06-01 | daily stationery
LH-E18 | Jinzhou Hardware Works | 锦州五金厂 | modern | metal products | round-nail-2-inch |
    3000 | 1955-09-01 | hardware tool instrument
GT-E19 | Jinzhou Knitwear Mill | 锦州针织厂 | modern | textile | knitted-underwear | 4000 |
    1956-06-01 | textile
""")
)
_GLASS_WORKS = f"{CITY}-GT-E08"

_COOPERATIVES = (  # merged into the radio factory (names and dates are reconstruction)
    ("GT-C01", "Guta Radio Repair Cooperative", "古塔区无线电修配合作社", date(1956, 2, 1)),
    ("GT-C02", "Guta Electrical Repair Cooperative", "古塔区电器修配合作社", date(1956, 3, 15)),
    (
        "GT-C03",
        "Guta Clock and Watch Repair Cooperative",
        "古塔区钟表修配合作社",
        date(1956, 5, 10),
    ),
    ("LH-C04", "Linghe Radio Repair Cooperative", "凌河区无线电修配合作社", date(1956, 2, 20)),
    ("LH-C05", "Linghe Electrical Repair Cooperative", "凌河区电器修配合作社", date(1957, 4, 1)),
)

# Streets (街道) of each district, whose residents' committees ran most street factories.
_STREETS = {
    "GT": _pairs(
        "Tian'an=天安, Shiyou=石油, Beijie=北街, Bao'an=保安, Nanjie=南街, Raoyang=饶阳, "
        "Zhanqian=站前, Shiying=士英"
    ),
    "LH": _pairs(
        "Zhengda=正大, Tiexin=铁新, Ling'an=凌安, Kangning=康宁, Longjiang=龙江, "
        "Shiqiaozi=石桥子, Juyuan=菊园, Liuhua=榴花"
    ),
    "JQ": _pairs("Nü'erhe=女儿河, Yingpan=营盘, Daxue=大薛, Xinmin=新民, Taihe=太和"),
}
_SLOGANS = _pairs(
    "Red Flag=红旗, East Wind=东风, Leap Forward=跃进, Vanguard=先锋, Red Star=红星, "
    "Rocket=火箭, Sputnik=卫星, Forward=前进, Victory=胜利, Dawn=曙光, Rising Sun=朝阳, "
    "Unity=团结, Ever Red=永红, Long March=长征, Struggle=奋斗, Self-Reliance=自力"
)
_DAY_VALUE_YUAN = 400.0  # a small factory's usual output value in a day (reconstruction)
_DISTRICT_WEIGHTS = (0.38, 0.37, 0.25)


def _zh_number(n: int) -> str:
    """一 .. 九十九."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else f"{_ZH_ORDINALS[tens - 1]}十")
    return head + ("" if ones == 0 else _ZH_ORDINALS[ones - 1])


# -- trials ----------------------------------------------------------------------------------
_STAGES = ("started", "succeeded", "batch", "mass", "abandoned")


@dataclass(slots=True)
class _Trial:
    unit: str
    product: str
    steps: dict[str, int] = field(default_factory=dict)  # stage -> epoch day

    def rows(self) -> list[tuple[int, str, str, str]]:
        return [(day, self.unit, self.product, stage) for stage, day in self.steps.items()]


@dataclass(slots=True)
class _NewFactory:
    region: str  # district code, e.g. "GT"
    product: _Product
    opened: int
    trial: _Trial
    closed: int | None = None
    code: str = ""
    level: float = 0.0  # full daily output (reconstruction)


def _day(d: date) -> int:
    return day_number(d)


_M0 = _day(MOVEMENT_START)
_LAST = _day(LAST_DAY)


def _u(rng: _Rng, lo: int, hi: int) -> int:
    """A whole number from lo to hi, both included."""
    return int(rng.integers(lo, hi + 1))


def _advance(
    rng: _Rng,
    steps: dict[str, int],
    succeeded: int,
    p_batch: float,
    batch_lag: tuple[int, int],
    p_mass: float,
    mass_lag: tuple[int, int],
) -> None:
    """After a success: batch and mass production, each if it comes by the last day."""
    if succeeded > _LAST:
        return
    steps["succeeded"] = succeeded
    if rng.random() >= p_batch:
        return
    batch = succeeded + _u(rng, *batch_lag)
    if batch > _LAST:
        return
    steps["batch"] = batch
    if rng.random() >= p_mass:
        return
    mass = batch + _u(rng, *mass_lag)
    if mass <= _LAST:
        steps["mass"] = mass


def _success_days(rng: _Rng, fixed: Sequence[int], n_first: int, n_total: int) -> Ints:
    """First-success days of the general new products, around the fixed ones.

    The first ten days bring `n_first` new products in all, rising fast from the first day;
    the rest follow at a slowly falling rate to the last day.
    """
    early = np.array([4, 14, 25, 33, 38, 41, 42, 43, 43, 44], dtype=np.float64)
    fixed_days = np.asarray(fixed, dtype=np.int64)
    fixed_early = int(np.sum(fixed_days <= _M0 + 9))
    n_early = n_first - fixed_early
    n_late = n_total - len(fixed) - n_early
    late_days = np.arange(_M0 + 10, _LAST + 1)
    late = np.linspace(14.0, 6.0, late_days.size)
    counts_early = rng.multinomial(n_early, early / early.sum())
    counts_late = rng.multinomial(n_late, late / late.sum())
    days = np.concatenate(
        [np.repeat(np.arange(_M0, _M0 + 10), counts_early), np.repeat(late_days, counts_late)]
    )
    return rng.permutation(days).astype(np.int64)


@dataclass(slots=True)
class _World:
    """Everything the builder makes before it writes the files."""

    products: dict[str, _Product] = field(default_factory=dict)
    trials: list[_Trial] = field(default_factory=list)
    factories: list[_NewFactory] = field(default_factory=list)
    # day, unit, product, quantity in whole units (hundredths for products in tonnes)
    reports: list[tuple[int, str, str, int]] = field(default_factory=list)

    def add(self, *products: _Product) -> None:
        for p in products:
            if self.products.setdefault(p.code, p) is not p:
                raise ValueError(f"product code {p.code} used twice")


def _old_for(rng: _Rng, sector: str) -> _Old:
    fits = [f for f in _OLD_FACTORIES if sector in f.sectors]
    if not fits:
        raise ValueError(f"no old factory tries {sector} products")
    return fits[_u(rng, 0, len(fits) - 1)]


def _new_products(rng: _Rng, world: _World) -> None:
    """The trials of the movement and of the months before it, and the factories it opened."""
    catalog = _general_catalog()
    codes = [p.code for p in catalog]
    if len(set(codes)) != len(codes):
        raise ValueError("catalog codes are not unique")
    order = rng.permutation(len(catalog))
    fixed_days = [_day(d) for _, d, _ in _RADIO_PARTS if d >= MOVEMENT_START]
    fixed_days += [_day(m.success) for m in _MEDICINES]
    fixed_days += [_day(date(1960, 2, 26)), _day(date(1960, 2, 28)), _day(date(1960, 3, 1))]
    n_general = NEW_PRODUCTS - len(fixed_days)
    general = [catalog[i] for i in order[:n_general]]
    pre = [catalog[i] for i in order[n_general : n_general + PRE_MOVEMENT_PRODUCTS]]
    never = [
        catalog[i]
        for i in order[
            n_general + PRE_MOVEMENT_PRODUCTS : n_general + PRE_MOVEMENT_PRODUCTS + NEVER_MADE
        ]
    ]
    world.add(*general, *pre, *never)
    success = _success_days(rng, fixed_days, NEW_PRODUCTS_FIRST_TEN_DAYS, NEW_PRODUCTS)

    # Which general products small new factories were set up for, which the old factories'
    # "battlefields" took on: the factories take the products small works can make.
    n_factories = FACTORIES_OPENED - 1  # the Tiebei plant is the other
    n_closed = 12
    n_followers_pre = 31
    n_primary = 700
    n_followers = n_factories - n_primary - n_closed - n_followers_pre
    small = np.array([p.small for p in general])
    primary = rng.choice(len(general), size=n_primary, replace=False, p=small / small.sum())
    is_primary = np.zeros(len(general), dtype=bool)
    is_primary[primary] = True

    for i, product in enumerate(general):
        c = int(success[i])
        if is_primary[i]:
            start = max(_M0, c - _u(rng, 1, 6))
            opened = max(_M0, start - _u(rng, 0, 2))
            trial = _Trial("", product.code, {"started": start})
            # "二、三天时间，搭简陋的厂房": batch production two or three days after the
            # first good piece, or later where the shed took longer
            shed = (2, 3) if rng.random() >= 0.15 else (4, 15)
            _advance(rng, trial.steps, c, 0.92, shed, 0.5, (6, 40))
            world.factories.append(_NewFactory(_district(rng), product, opened, trial))
        else:
            old = _old_for(rng, product.sector)
            start = max(_day(date(1960, 1, 5)), c - _u(rng, 2, 15))
            trial = _Trial(f"{CITY}-{old.code}", product.code, {"started": start})
            if rng.random() < 0.04:  # made once, then dropped (no material, no demand)
                trial.steps["succeeded"] = c
                trial.steps["abandoned"] = min(_LAST, c + _u(rng, 3, 30))
            else:
                _advance(rng, trial.steps, c, 0.55, (3, 25), 0.35, (7, 40))
            world.trials.append(trial)

    # Products first made after the decision of late 1959, before the movement, by the old
    # factories: not new products of the movement, though new factories took them up later.
    for product in pre:
        old = _old_for(rng, product.sector)
        c = _u(rng, _day(date(1959, 12, 1)), _M0 - 1)
        trial = _Trial(f"{CITY}-{old.code}", product.code, {"started": c - _u(rng, 5, 25)})
        _advance(rng, trial.steps, c, 0.8, (3, 20), 0.5, (7, 40))
        world.trials.append(trial)

    # New factories that took up a product first made elsewhere.
    late_enough = np.array([int(success[i]) <= _LAST - 12 for i in range(len(general))])
    weights = small * late_enough
    follow = rng.choice(len(general), size=n_followers, replace=True, p=weights / weights.sum())
    pre_days = {
        t.product: t.steps["succeeded"] for t in world.trials if t.product in {p.code for p in pre}
    }
    targets = [(general[i], int(success[i])) for i in follow]
    targets += [
        (p, pre_days[p.code])
        for p in (pre[_u(rng, 0, len(pre) - 1)] for _ in range(n_followers_pre))
    ]
    for product, first in targets:
        opened = _u(rng, max(_M0, first - 10), _LAST - 8)
        start = opened + _u(rng, 0, 3)
        trial = _Trial("", product.code, {"started": start})
        _advance(rng, trial.steps, max(start + _u(rng, 2, 12), first), 0.85, (2, 4), 0.45, (7, 35))
        world.factories.append(_NewFactory(_district(rng), product, opened, trial))

    # Trials that had not succeeded anywhere by June: twelve new factories gave up and
    # closed; the old factories dropped some and were still at others.
    for product in never[:n_closed]:
        opened = _u(rng, _M0, _LAST - 45)
        start = opened + _u(rng, 0, 2)
        given_up = start + _u(rng, 8, 30)
        trial = _Trial("", product.code, {"started": start, "abandoned": given_up})
        world.factories.append(
            _NewFactory(_district(rng), product, opened, trial, closed=given_up + _u(rng, 1, 4))
        )
    for product in never[n_closed:]:
        old = _old_for(rng, product.sector)
        start = _u(rng, _M0, _LAST - 10)
        trial = _Trial(f"{CITY}-{old.code}", product.code, {"started": start})
        if rng.random() < 0.6:
            trial.steps["abandoned"] = min(_LAST, start + _u(rng, 5, 40))
        world.trials.append(trial)

    # Optical glass: the article's example of the first ten days, at the glass works.
    world.add(OPTICAL_GLASS)
    world.trials.append(
        _Trial(
            _GLASS_WORKS,
            OPTICAL_GLASS.code,
            {
                "started": _day(date(1960, 2, 23)),
                "succeeded": _day(date(1960, 3, 1)),
                "batch": _day(date(1960, 3, 28)),
            },
        )
    )


def _district(rng: _Rng) -> str:
    return _DISTRICTS[int(rng.choice(3, p=_DISTRICT_WEIGHTS))][0]


def _name_factories(rng: _Rng, world: _World) -> list[tuple[str, ...]]:
    """Codes and names of the new factories, numbered by district in order of opening."""
    tiebreak = rng.random(len(world.factories))
    order = sorted(
        range(len(world.factories)), key=lambda i: (world.factories[i].opened, tiebreak[i])
    )
    seq = dict.fromkeys(_STREETS, 0)
    seen: dict[tuple[str, str], int] = {}
    rows: list[tuple[str, ...]] = []
    for i in order:
        f = world.factories[i]
        seq[f.region] += 1
        f.code = f"{CITY}-{f.region}-N{seq[f.region]:04d}"
        f.trial.unit = f.code
        works_en, works_zh, industry = _SECTORS[f.product.sector]
        district = next(d for d in _DISTRICTS if d[0] == f.region)
        organiser = rng.random()
        if organiser < 0.5:  # street (neighbourhood) factories, mostly of housewives
            street_en, street_zh = _STREETS[f.region][_u(rng, 0, len(_STREETS[f.region]) - 1)]
            prefix_en, prefix_zh = f"{street_en} Street", f"{street_zh}街道"
        elif organiser < 0.75:
            slogan_en, slogan_zh = _SLOGANS[_u(rng, 0, len(_SLOGANS) - 1)]
            prefix_en, prefix_zh = f"{district[3]} {slogan_en}", f"{district[2]}{slogan_zh}"
        elif organiser < 0.85:  # run by a middle school's students
            n = _u(rng, 1, 12)
            prefix_en, prefix_zh = f"Jinzhou No. {n} Middle School", f"锦州市第{_zh_number(n)}中学"
        else:  # run by an old factory's workers' families
            olds = [o for o in _OLD_FACTORIES if o.code.startswith(f.region)]
            old = olds[_u(rng, 0, len(olds) - 1)]
            prefix_en, prefix_zh = f"{old.name} Dependents'", f"{old.name_zh}家属"
        k = seen[(prefix_en, works_en)] = seen.get((prefix_en, works_en), 0) + 1
        name = f"{prefix_en} {works_en}" + (f" No. {k}" if k > 1 else "")
        name_zh = f"{prefix_zh}{'第' + _zh_number(k) if k > 1 else ''}{works_zh}"
        steps = f.trial.steps
        if "abandoned" in steps:
            status = "closed"
        elif "batch" in steps:
            status = "producing"
        else:
            status = "trial"
        # a street factory's day: the product's usual output, but seldom over 400 yuan
        price = f.product.price or 0.0
        usual = min(f.product.daily, _DAY_VALUE_YUAN / price) if price else f.product.daily
        f.level = usual * float(rng.lognormal(0.0, 0.35))
        capacity = max(1, math.ceil(f.level * 1.3))
        rows.append(
            (
                f.code,
                name,
                name_zh,
                f"{CITY}-{f.region}",
                "indigenous",
                industry,
                f.product.code,
                str(capacity),
                _iso(f.opened),
                _iso(f.closed) if f.closed is not None else "",
                status,
                "",
            )
        )
    return rows


# -- reports ---------------------------------------------------------------------------------
def _factory_reports(rng: _Rng, world: _World) -> None:
    """Daily output of each new factory from the day it went into batch production."""
    for f in world.factories:
        steps = f.trial.steps
        if "batch" not in steps:
            continue
        days = np.arange(steps["batch"], _LAST + 1)
        since_batch = (days - steps["batch"]).astype(np.float64)
        phase = 0.4 + 0.3 * np.minimum(1.0, since_batch / 20.0)
        if "mass" in steps:
            since_mass = (days - steps["mass"]).astype(np.float64)
            phase = np.where(
                since_mass >= 0, 0.85 + 0.15 * np.minimum(1.0, since_mass / 20.0), phase
            )
        capacity = max(1, math.ceil(f.level * 1.3))
        mean = np.minimum(f.level * phase * rng.lognormal(0.0, 0.15, days.size), capacity)
        if f.level >= 5:
            quantity = np.rint(mean).astype(np.int64)
        else:
            quantity = np.minimum(rng.poisson(mean), capacity).astype(np.int64)
        quantity[rng.random(days.size) < 0.03] = 0  # a day without output
        for d, q in zip(days.tolist(), quantity.tolist(), strict=True):
            if q > 0:
                world.reports.append((d, f.code, f.product.code, q))


def _round_to(x: Floats, total: int) -> Ints:
    """Whole numbers in proportion to `x` adding up to `total` (largest remainder)."""
    scaled = x * (total / x.sum())
    floor = np.floor(scaled).astype(np.int64)
    short = total - int(floor.sum())
    order = np.argsort(floor - scaled, kind="stable")
    floor[order[:short]] += 1
    result: Ints = floor
    return result


def _tiebei(rng: _Rng, world: _World) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """The Tiebei plant: its trials, daily output (in 0.01 t), headcount and original plan.

    Output per worker-day over the 30 days after the semi-automation is exactly twice that
    of the 30 days before, product by product, with 41 workers instead of 62.
    """
    world.add(*_TIEBEI_PRODUCTS)
    caustic, jelly = (p.code for p in _TIEBEI_PRODUCTS)
    world.trials += [
        _Trial(
            TIEBEI,
            caustic,
            {
                "started": _day(TIEBEI_OPENED),
                "succeeded": _day(date(1960, 2, 26)),
                "batch": _day(TIEBEI_SHED),
                "mass": _day(TIEBEI_AUTOMATED),
            },
        ),
        _Trial(
            TIEBEI,
            jelly,
            {
                "started": _day(date(1960, 2, 25)),
                "succeeded": _day(date(1960, 2, 28)),
                "batch": _day(TIEBEI_SHED),
                "mass": _day(TIEBEI_AUTOMATED),
            },
        ),
    ]
    shed, after0 = _day(TIEBEI_SHED), _day(TIEBEI_AUTOMATED)
    before0 = after0 - EFFICIENCY_DAYS
    after1 = after0 + EFFICIENCY_DAYS - 1
    workers_before, workers_after = TIEBEI_WORKERS[1][1], TIEBEI_WORKERS[2][1]
    for code, first, scale in (
        (caustic, _day(date(1960, 2, 26)), 1.0),
        (jelly, _day(date(1960, 2, 28)), 0.4),
    ):
        days = np.arange(first, _LAST + 1)
        level = np.select(
            [days < shed, days < before0, days <= after0 - 1, days <= after1],
            [
                np.full(days.size, 0.4),  # large pots and vats
                1.3 + 0.5 * (days - shed) / (before0 - shed),  # in the shed
                np.full(days.size, 1.95),
                np.full(days.size, 2.6),
            ],
            2.9 + 1.1 * (days - after1) / max(1, _LAST - after1),  # new permanent buildings
        )
        hundredths = np.rint(scale * level * rng.lognormal(0.0, 0.06, days.size) * 100).astype(
            np.int64
        )
        before = (days >= before0) & (days < after0)
        after = (days >= after0) & (days <= after1)
        before_total = int(hundredths[before].sum())
        # per worker-day after = 2 x per worker-day before (the same number of days)
        after_total = round(2 * before_total * workers_after / workers_before)
        hundredths[after] = _round_to(hundredths[after].astype(np.float64), after_total)
        world.reports += [
            (d, TIEBEI, code, q) for d, q in zip(days.tolist(), hundredths.tolist(), strict=True)
        ]
    workforce: list[tuple[str, ...]] = [(TIEBEI, d.isoformat(), str(n)) for d, n in TIEBEI_WORKERS]
    plans: list[tuple[str, ...]] = [
        (
            TIEBEI,
            code,
            MAY[0].isoformat(),
            MAY[1].isoformat(),
            str(target),
            "original plan (set at the plant's opening)",
        )
        for code, target in TIEBEI_ORIGINAL_PLAN_T.items()
    ]
    return workforce, plans


def _radio(rng: _Rng, world: _World) -> None:
    """The radio factory: its indigenous equipment, then the parts of semiconductor radios."""
    world.add(*_RADIO_EQUIPMENT_PRODUCTS)
    first, last = (_day(d) for d in RADIO_EQUIPMENT_DAYS)
    days = np.arange(first, last + 1)
    for product, total in zip(
        _RADIO_EQUIPMENT_PRODUCTS, (RADIO_EQUIPMENT, RADIO_INSTRUMENTS), strict=True
    ):
        per_day = _round_to(rng.lognormal(0.0, 0.4, days.size), total)
        world.reports += [
            (d, RADIO, product.code, q)
            for d, q in zip(days.tolist(), per_day.tolist(), strict=True)
            if q > 0
        ]
    for product, success, daily in _RADIO_PARTS:
        world.add(product)
        c = _day(success)
        batch = max(c + _u(rng, 10, 30), _M0 + _u(rng, 20, 40))
        steps = {"started": c - _u(rng, 6, 20), "succeeded": c, "batch": batch}
        world.trials.append(_Trial(RADIO, product.code, steps))
        d = np.arange(batch, _LAST + 1)
        ramp = 0.4 + 0.6 * np.minimum(1.0, (d - batch) / 25.0)
        q = rng.poisson(daily * ramp * rng.lognormal(0.0, 0.12, d.size))
        world.reports += [
            (day, RADIO, product.code, int(n))
            for day, n in zip(d.tolist(), q.tolist(), strict=True)
            if n > 0
        ]


def _food(rng: _Rng, world: _World) -> list[tuple[str, ...]]:
    """The food factories: meat every day, medicines from the waste, and the recipes.

    Each factory's by-product value in May 1960 is its `ratio` times its meat's value.
    """
    world.add(MEAT, *(m.product for m in _MEDICINES))
    for code, (en, zh, _) in WASTES.items():
        world.add(_Product(code, en, zh, _T, None))
    n_med = len(_MEDICINES)
    # Which medicines each factory makes: the first factory most, every medicine somewhere.
    makes = np.zeros((len(_FOOD_FACTORIES), n_med), dtype=bool)
    makes[0, rng.choice(n_med, _FOOD_FACTORIES[0].medicines, replace=False)] = True
    for j in np.flatnonzero(~makes[0]).tolist():
        makes[_u(rng, 1, len(_FOOD_FACTORIES) - 1), j] = True
    for k, factory in enumerate(_FOOD_FACTORIES[1:], start=1):
        missing = max(0, factory.medicines - int(makes[k].sum()))
        free = np.flatnonzero(~makes[k])
        makes[k, rng.choice(free, missing, replace=False)] = True

    first_day = _day(date(1960, 1, 1))
    may0, may1 = _day(MAY[0]), _day(MAY[1])
    days = np.arange(first_day, _LAST + 1)
    meat_by_factory: list[Floats] = []
    for factory in _FOOD_FACTORIES:
        # a little more slaughter before the Spring Festival (28 January 1960)
        festival = np.where(
            (days >= _day(date(1960, 1, 14))) & (days < _day(date(1960, 1, 28))), 1.2, 1.0
        )
        meat = np.rint(factory.meat_t * festival * rng.lognormal(0.0, 0.08, days.size) * 100)
        meat_by_factory.append(meat)
        code = _food_code(factory.n)
        world.reports += [
            (d, code, MEAT.code, int(q)) for d, q in zip(days.tolist(), meat.tolist(), strict=True)
        ]

    for k, factory in enumerate(_FOOD_FACTORIES):
        code = _food_code(factory.n)
        meds = np.flatnonzero(makes[k])
        firsts = [int(np.flatnonzero(makes[:, m])[0]) for m in meds]
        series: list[tuple[_Medicine, Ints, Floats]] = []
        for m, first_maker in zip(meds.tolist(), firsts, strict=True):
            medicine = _MEDICINES[m]
            c = _day(medicine.success)
            if first_maker != k:
                c += _u(rng, 3, 25)
            steps = {"started": c - _u(rng, 3, 12), "succeeded": c}
            batch = c + _u(rng, 3, 8)
            steps["batch"] = batch
            mass = batch + _u(rng, 10, 30)
            if rng.random() < 0.6 and mass <= _LAST:
                steps["mass"] = mass
            world.trials.append(_Trial(code, medicine.product.code, steps))
            d = np.arange(batch, _LAST + 1)
            ramp = 0.3 + 0.7 * np.minimum(1.0, (d - batch) / 15.0)
            growth = 1.0 + 0.004 * (d - batch)
            value = medicine.weight * ramp * growth * rng.lognormal(0.0, 0.15, d.size)
            value[rng.random(d.size) < 0.04] = 0.0
            series.append((medicine, d, value))
        main_may = float(meat_by_factory[k][(days >= may0) & (days <= may1)].sum()) / 100
        target = factory.ratio * main_may * MEAT_PRICE
        raw = sum(float(v[(d >= may0) & (d <= may1)].sum()) for _, d, v in series)
        scale = target / raw
        for medicine, d, value in series:
            price = medicine.product.price
            assert price is not None
            q = np.rint(value * scale / price).astype(np.int64)
            world.reports += [
                (day, code, medicine.product.code, n)
                for day, n in zip(d.tolist(), q.tolist(), strict=True)
                if n > 0
            ]

    # The recipe of meat: the wastes it leaves and the medicines beside it, per tonne, as
    # the company made them in May; the medicines take the wastes as inputs.
    meat_may = sum(float(m[(days >= may0) & (days <= may1)].sum()) for m in meat_by_factory) / 100
    made_may: dict[str, int] = {}
    for day, unit, product, n in world.reports:
        if may0 <= day <= may1 and unit.startswith(FOOD_COMPANY) and product != MEAT.code:
            made_may[product] = made_may.get(product, 0) + n
    recipes: list[tuple[str, ...]] = []
    for code, (_, _, per_t) in WASTES.items():
        recipes.append((MEAT.code, "*", code, _num(per_t), "waste"))
    for medicine in _MEDICINES:
        per_t = float(f"{made_may[medicine.product.code] / meat_may:.4g}")
        recipes.append((MEAT.code, "*", medicine.product.code, _num(per_t), "byproduct"))
    for medicine in _MEDICINES:
        for waste, per_unit in medicine.inputs:
            recipes.append((medicine.product.code, "*", waste, _num(per_unit), "input"))
    return recipes


# -- writing ---------------------------------------------------------------------------------
def _iso(day: int) -> str:
    return from_day_number(day).isoformat()


def _num(x: float) -> str:
    return np.format_float_positional(x, trim="-")


def _quantity(q: int, uom: str) -> str:
    return f"{q // 100}.{q % 100:02d}" if uom == _T else str(q)


def _write(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _other_units() -> list[tuple[str, ...]]:
    """The old factories, the radio factory and its cooperatives, the food factories, Tiebei."""
    rows: list[tuple[str, ...]] = []
    for o in _OLD_FACTORIES:
        rows.append(
            (
                f"{CITY}-{o.code}",
                o.name,
                o.name_zh,
                f"{CITY}-{o.code[:2]}",
                o.kind,
                o.industry,
                o.product,
                str(o.capacity),
                o.opened.isoformat(),
                "",
                "producing",
                "",
            )
        )
    rows.append(
        (
            RADIO,
            "Jinzhou Radio Factory",
            "锦州无线电厂",
            f"{CITY}-GT",
            "modern",
            "electronics",
            RADIO_MAIN,
            "80",
            RADIO_OPENED.isoformat(),
            "",
            "producing",
            "",
        )
    )
    for code, name, name_zh, opened in _COOPERATIVES:
        rows.append(
            (
                f"{CITY}-{code}",
                name,
                name_zh,
                f"{CITY}-{code[:2]}",
                "indigenous",
                "repair",
                "",
                "",
                opened.isoformat(),
                RADIO_OPENED.isoformat(),
                "merged",
                RADIO,
            )
        )
    for f in _FOOD_FACTORIES:
        rows.append(
            (
                _food_code(f.n),
                f"Jinzhou Food Company No. {f.n} Food Factory",
                f"锦州市食品公司第{_ZH_ORDINALS[f.n - 1]}食品厂",
                FOOD_COMPANY,
                "modern",
                "food",
                MEAT.code,
                _quantity(math.ceil(f.meat_t * 2 * 100), _T),
                f.opened.isoformat(),
                "",
                "producing",
                "",
            )
        )
    rows.append(
        (
            TIEBEI,
            "Tiebei Chemical Plant",
            "铁北化工厂",
            f"{CITY}-LH",
            "indigenous",
            "chemical",
            "caustic-soda",
            "5.00",
            TIEBEI_OPENED.isoformat(),
            "",
            "producing",
            "",
        )
    )
    return rows


def build(folder: Path) -> None:
    """Write the Jinzhou scenario folder. Deterministic: the same bytes every time."""
    rng = np.random.default_rng(SEED)
    world = _World()
    for code, en, zh, uom, price in _OLD_PRODUCTS:
        world.add(_Product(code, en, zh, uom, float(price)))
    _new_products(rng, world)
    new_units = _name_factories(rng, world)
    world.trials += [f.trial for f in world.factories]
    _factory_reports(rng, world)
    workforce, plans = _tiebei(rng, world)
    _radio(rng, world)
    recipes = _food(rng, world)

    folder.mkdir(parents=True, exist_ok=True)
    _write(folder / "regions.csv", ("code", "parent", "level", "name", "name_zh"), _region_rows())
    _write(
        folder / "products.csv",
        ("code", "name", "name_zh", "uom", "price"),
        (
            (p.code, p.name, p.name_zh, p.uom, "" if p.price is None else _num(p.price))
            for p in sorted(world.products.values(), key=lambda p: p.code)
        ),
    )
    _write(
        folder / "units.csv",
        (
            "code",
            "name",
            "name_zh",
            "region",
            "kind",
            "industry",
            "product",
            "capacity",
            "opened",
            "closed",
            "status",
            "merged_into",
        ),
        sorted(new_units + _other_units()),
    )
    stage_rank = {s: i for i, s in enumerate(_STAGES)}
    steps = sorted(
        (row for t in world.trials for row in t.rows()),
        key=lambda r: (r[0], r[1], r[2], stage_rank[r[3]]),
    )
    _write(
        folder / "trials.csv",
        ("unit", "product", "stage", "date"),
        ((unit, product, stage, _iso(day)) for day, unit, product, stage in steps),
    )
    _write(folder / "recipes.csv", ("product", "kind", "input", "per_unit", "role"), recipes)
    _write(folder / "workforce.csv", ("unit", "date", "workers"), workforce)
    _write(folder / "plans.csv", ("scope", "product", "start", "end", "target", "plan"), plans)
    uoms = {code: p.uom for code, p in world.products.items()}
    _write(
        folder / "reports.csv",
        ("unit", "date", "product", "quantity"),
        (
            (unit, _iso(day), product, _quantity(q, uoms[product]))
            for day, unit, product, q in sorted(world.reports)
        ),
    )


# -- the article's figures -------------------------------------------------------------------
def _q(measure: Measure, scope: str, start: date, end: date, product: str = "*") -> Query:
    return Query(measure, scope, product, start, end, as_of=AS_OF)


CLAIMS = (
    Claim(
        "factories_opened",
        "In just over three months, the city ... set up more than 900 factories",
        "仅仅三个多月，全市用简单的设备和方法，办起了九百多座工厂",
        _q(Measure.UNITS_OPENED, CITY, *MOVEMENT),
        Expect(at_least=900, at_most=999),
    ),
    Claim(
        "new_products",
        "successfully trial-producing more than 1,000 new products that the city had not been "
        "able to produce in the past",
        "试制成功了本市过去不能生产的一千多种新产品",
        _q(Measure.NEW_PRODUCTS, CITY, *MOVEMENT),
        Expect(at_least=1000, at_most=1999),
    ),
    Claim(
        "new_products_first_ten_days",
        "Only ten days after the movement began, more than 300 new products, such as optical "
        "glass, were manufactured.",
        "运动刚刚开始十天，就制成了光学玻璃等三百多种新产品。",
        _q(Measure.NEW_PRODUCTS, CITY, *FIRST_TEN_DAYS),
        Expect(at_least=300, at_most=399),
    ),
    Claim(
        "output_value_rising",
        "the total output value of small and medium-sized enterprises has rapidly increased",
        "中小企业的总产值迅速提高了",
        _q(Measure.GROWTH_PREV_PCT, CITY, *MAY, product="value"),
        Expect(at_least=20),
    ),
    Claim(
        "radio_equipment",
        "In less than a month, they produced 77 pieces of indigenous equipment",
        "不到一月，制出了七十七台土设备",
        _q(Measure.CUMULATIVE, RADIO, RADIO_OPENED, date(1959, 12, 15), "indigenous-equipment"),
        Expect(equals=RADIO_EQUIPMENT),
    ),
    Claim(
        "radio_instruments_and_moulds",
        "and more than 200 sets of instruments and molds",
        "二百多套仪表和模具",
        _q(Measure.CUMULATIVE, RADIO, RADIO_OPENED, date(1959, 12, 15), "instruments-and-moulds"),
        Expect(at_least=200, at_most=299),
    ),
    Claim(
        "medicines",
        "The employees of the food company have used the waste from pigs, cattle, and sheep to "
        "make 31 kinds of medicines such as liver extract injections.",
        "食品公司的职工已用猪牛羊的废物，制成了肝精注射液等三十一种药品",
        _q(Measure.BYPRODUCTS, FOOD_COMPANY, *MAY),
        Expect(equals=MEDICINES),
    ),
    Claim(
        "byproducts_exceed_main_products",
        "The output value of these products is very high ... by-products exceed the main products",
        "这些产品产值很高，各食品厂已经作到或接近作到了副产超主产",
        _q(Measure.BYPRODUCT_RATIO, FOOD_COMPANY, *MAY),
        Expect(at_least=1),
    ),
    *(
        Claim(
            f"food_factory_{f.n}_byproducts",
            "each food factory has already achieved or is approaching the point where "
            "by-products exceed the main products",
            "各食品厂已经作到或接近作到了副产超主产",
            _q(Measure.BYPRODUCT_RATIO, _food_code(f.n), *MAY),
            Expect(at_least=0.9),
        )
        for f in _FOOD_FACTORIES
    ),
    Claim(
        "tiebei_workers_saved",
        "realized semi-automation, saved 21 people",
        "实现了半自动化，节省了二十一个人",
        _q(Measure.WORKERS_CHANGE, TIEBEI, *APRIL),
        Expect(equals=-WORKERS_SAVED),
    ),
    Claim(
        "tiebei_efficiency_doubled",
        "and doubled production efficiency",
        "生产效率提高了一倍",
        _q(Measure.OUTPUT_PER_WORKER_GROWTH_PCT, TIEBEI, *TIEBEI_AFTER),
        Expect(equals=100, tolerance=5),
    ),
    Claim(
        "tiebei_above_original_plan",
        "production has increased several times compared to the original plan",
        "生产比原计划翻了好几番",
        _q(Measure.OVERFULFILMENT_PCT, TIEBEI, *MAY, product="caustic-soda"),
        Expect(at_least=300),
    ),
)

NOTES = (
    "The article gives city-wide counts and a few examples. Everything else is "
    "reconstruction, drawn from a fixed random seed to agree with them: the movement's start "
    "(22 February 1960, so that 22 February to 3 June is 'just over three months' and its "
    "first ten days end on 2 March); the 944 factories opened in it (943 small indigenous "
    "factories of streets, schools and old factories' workers' families, 12 of which gave up "
    "and closed, and the Tiebei plant), their names, districts, opening days, products, "
    "capacities and daily output; the 1,174 new products first made in the movement (346 of "
    "them in the first ten days), counted by kind and specification, as the campaigns of 1960 "
    "counted them, and drawn from a catalogue of the city's petroleum, chemical, light, "
    "machinery and electrical trades, with constant prices; 32 products first made between "
    "December 1959 and the movement (not counted as the movement's), and 26 trials that had "
    "not succeeded by June; the 19 older factories and their trials (they report no output); "
    "the five food factories, their meat, which of the 31 medicines each made and when, "
    "prices, the recipe's yields and wastes per tonne of meat, and by-product ratios in May "
    "1960 of 1.24, 1.12, 1.05, 0.96 and 0.93; the radio factory's date (16 November 1959), "
    "the five repair cooperatives merged into it, the 214 sets of instruments and moulds, its "
    "parts and their dates; the Tiebei plant's dates (opened 24 February, in its shed 8 March, "
    "semi-automated 18 April), headcounts (28, 62, then 41: the article's 21 fewer), output "
    "(per worker-day exactly doubled over the 30 days after the change against the 30 days "
    "before) and its original plan of 12 t of caustic soda and 5 t of petroleum jelly for May. "
    "The districts follow the city of the early 1960s (Guta, Linghe and the Suburban District, "
    "renamed Taihe in 1983), not checked month by month; the seven counties the city led from "
    "1958 to 1965 are listed without units, the article's factories being placed in the city "
    "districts."
)

SCENARIO = Scenario(
    name="jinzhou-new-products-1960",
    title=(
        "Smash superstition, vigorously run 'small indigenous groups', make the best use of "
        "everything: Jinzhou uses indigenous methods to make a large number of new products"
    ),
    title_zh="破除迷信大办“小土群”　“物尽其用”综合利用资源　锦州用土法制成大批新产品",
    source="001_b9ad766cd1670af9.txt",
    as_of=AS_OF,
    claims=CLAIMS,
    build=build,
    committed=True,
    notes=NOTES,
    bulletin=BulletinSpec(
        CITY,
        MOVEMENT_START,
        AS_OF,
        (
            "5月份达到111.3％，副产超主产",
            "办起了九百多座工厂",
            "试制成功了一千多种新产品",
            "开始十天就制成了三百多种",
            "制成了三十一种副产品",
            "铁北化工厂节省了二十一个人，生产效率提高了一倍",
        ),
        (
            "More than 900 new factories opened",
            "More than 1,000 new products were trial-produced successfully, more than 300 of "
            "them in the first ten days",
            "Jinzhou Food Company made 31 kinds of by-product",
            "in May, more than the main products",
            "Tiebei Chemical Plant saved 21 workers, and output per worker rose by 100%",
        ),
    ),
)
