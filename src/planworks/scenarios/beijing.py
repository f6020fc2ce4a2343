"""Beijing's industry in January 1959: the replay of seed 004.

Xinhua, 2 February 1959 (People's Daily, 3 February 1959, page 1): Beijing's January
industrial production plan was completed on 31 January, its total output value 275.3%
above January 1958 (the headline's "2.7 times", 二点七倍, is the same figure cut short).
The North China Radio Equipment Factory (华北无线电器材厂) sent an inspection team of more
than 500 people through its workshops, found 864 problems, took a measure for each and
completed its January plan one day ahead and 17% over. The Xinghua Dye Factory (兴华染料厂),
short of chemical raw materials, built a cuprous chloride workshop of 50 t a year in eight
hours, rebuilt a dye-intermediate workshop in fifteen days and built a dye-indicator
workshop, and completed its January output value plan six days ahead. The Shangyi Winery
(上义葡萄酒厂) overfulfilled its January plan by 111%, its output value more than double
December's.

`build` writes the scenario folder from a fixed seed: the region tree of January 1959
(13 districts and the 4 counties taken over from Hebei in October 1958), several hundred
products at constant prices, a few hundred factories, the January plans, every factory's
daily output in January 1958, December 1958 and January 1959, and the radio factory's
inspection campaign with its 864 problems. The article's figures are constraints the
builder meets; everything else is reconstruction.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import numpy.typing as npt
import polars as pl

from planworks.domain.claims import Claim, Expect, Measure, Query
from planworks.scenarios.base import BulletinSpec, Scenario

__all__ = ["SCENARIO", "build"]

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]

SEED = 19590203  # the day the article appeared

CITY = "CN-BJ"
AS_OF = date(1959, 1, 31)
JAN58 = (date(1958, 1, 1), date(1958, 1, 31))
DEC58 = (date(1958, 12, 1), date(1958, 12, 31))
JAN59 = (date(1959, 1, 1), date(1959, 1, 31))
PERIODS = (JAN58, DEC58, JAN59)

NCRE = "BJ-NCRE"
XINGHUA = "BJ-XINGHUA"
SHANGYI = "BJ-SHANGYI"
CUCL_WORKSHOP = "BJ-XINGHUA-CUCL"
INTERMEDIATE_WORKSHOP = "BJ-XINGHUA-INT"
INDICATOR_WORKSHOP = "BJ-XINGHUA-IND"
REPAIR_WORKS = "BJ-REPAIR"  # its repair work takes up the rounding of the city's totals
CAMPAIGN = "BJ-NCRE-CHECK-1959"
VALUE = "value"

# -- the article's figures ------------------------------------------------------------------
GROWTH_YOY_PCT = 275.3  # 增长了275.3%
NCRE_DONE = date(1959, 1, 30)  # 提前一天
NCRE_OVER_PCT = 17  # 超额17%
XINGHUA_DONE = date(1959, 1, 25)  # 提前六天
SHANGYI_OVER_PCT = 111  # 超额111%
PROBLEMS = 864  # 八百六十四项问题
CUCL_T_PER_YEAR = 50  # 年产五十吨的氯化亚铜车间

# -- reconstruction: the targets the raw rows are built to ---------------------------------
CITY_JAN58_VALUE = 120_000_000  # yuan at constant prices
CITY_JAN59_VALUE = CITY_JAN58_VALUE * 3753 // 1000  # 450,360,000: 275.3% more
CITY_PLAN = 446_000_000  # the city's January plan: reached with the output of 31 January
NCRE_PLAN = 12_000_000
XINGHUA_PLAN = 480_000
SHANGYI_PLAN = 100_000
INSPECTORS = 538  # 五百多人
CAMPAIGN_DAYS = (date(1959, 1, 3), date(1959, 1, 10))
CUCL_OPENED = date(1959, 1, 6)  # built in eight hours on 5 January, producing from the 6th
INDICATORS_OPENED = date(1959, 1, 12)
INTERMEDIATES_REBUILT = (date(1959, 1, 2), date(1959, 1, 16))  # fifteen days
SHANGYI_DEC58_VALUE = 93_000
SHANGYI_JAN58_VALUE = 61_000

# -- regions --------------------------------------------------------------------------------
# Beijing after the changes of 1958: Dongdan and Dongsi made Dongcheng, Xidan and Xisi made
# Xicheng, Qianmen went into Chongwen and Xuanwu, the eastern suburbs became Chaoyang,
# Shijingshan was shared out among Fengtai, Haidian and Mentougou (the old Jingxi mining
# district); of the Hebei counties taken over in March, Tong county and Tongzhou city made
# Tongzhou district, Liangxiang and Fangshan made Zhoukoudian district, Shunyi and Daxing
# became districts; Changping had been a district since 1956; Huairou, Miyun, Pinggu and
# Yanqing came from Hebei in October 1958 and stayed counties.
_DISTRICTS = (
    ("DC", "Dongcheng District", "东城区", "district"),
    ("XC", "Xicheng District", "西城区", "district"),
    ("CW", "Chongwen District", "崇文区", "district"),
    ("XW", "Xuanwu District", "宣武区", "district"),
    ("CY", "Chaoyang District", "朝阳区", "district"),
    ("HD", "Haidian District", "海淀区", "district"),
    ("FT", "Fengtai District", "丰台区", "district"),
    ("MTG", "Mentougou District", "门头沟区", "district"),
    ("ZKD", "Zhoukoudian District", "周口店区", "district"),
    ("CP", "Changping District", "昌平区", "district"),
    ("TZ", "Tongzhou District", "通州区", "district"),
    ("SY", "Shunyi District", "顺义区", "district"),
    ("DX", "Daxing District", "大兴区", "district"),
    ("HR", "Huairou County", "怀柔县", "county"),
    ("MY", "Miyun County", "密云县", "county"),
    ("PG", "Pinggu County", "平谷县", "county"),
    ("YQ", "Yanqing County", "延庆县", "county"),
)
_PLACE = {code: (name.rsplit(" ", 1)[0], zh) for code, name, zh, _ in _DISTRICTS}
_URBAN = ("DC", "XC", "CW", "XW")
_SUBURBS = ("CY", "HD", "FT")
_OUTER = ("MTG", "ZKD", "CP", "TZ", "SY", "DX")
_COUNTIES = ("HR", "MY", "PG", "YQ")


def _region(district: str) -> str:
    return f"{CITY}-{district}"


def _regions() -> pl.DataFrame:
    rows = [("CN", None, "nation", "China", "中国"), (CITY, "CN", "province", "Beijing", "北京市")]
    rows += [(_region(code), CITY, level, name, zh) for code, name, zh, level in _DISTRICTS]
    columns = ["code", "parent", "level", "name", "name_zh"]
    return pl.DataFrame(rows, schema=dict.fromkeys(columns, pl.String), orient="row")


# -- products -------------------------------------------------------------------------------
# code, name, name_zh, uom, price (yuan per unit at constant 1957 prices: reconstruction),
# grouped in families that say which factories make them. Pig iron, steel, rolled steel, raw
# coal and iron ore are the Henan and Jiangxi replays' products, cement the Hebei replay's.
_Item = tuple[str, str, str, str, float]
_CATALOGUE_TEXT = """
[radio]
resistor-rt-0125w | carbon-film resistor 1/8 W | 碳膜电阻器 1/8瓦 | piece | 0.05
resistor-rt-025w | carbon-film resistor 1/4 W | 碳膜电阻器 1/4瓦 | piece | 0.06
resistor-rt-05w | carbon-film resistor 1/2 W | 碳膜电阻器 1/2瓦 | piece | 0.08
resistor-rt-1w | carbon-film resistor 1 W | 碳膜电阻器 1瓦 | piece | 0.12
resistor-rt-2w | carbon-film resistor 2 W | 碳膜电阻器 2瓦 | piece | 0.2
resistor-rs-025w | composition resistor 1/4 W | 实心电阻器 1/4瓦 | piece | 0.04
resistor-rs-05w | composition resistor 1/2 W | 实心电阻器 1/2瓦 | piece | 0.05
resistor-rs-1w | composition resistor 1 W | 实心电阻器 1瓦 | piece | 0.08
resistor-rj-025w | metal-film resistor 1/4 W | 金属膜电阻器 1/4瓦 | piece | 0.6
resistor-rj-05w | metal-film resistor 1/2 W | 金属膜电阻器 1/2瓦 | piece | 0.8
resistor-rx-5w | wirewound resistor 5 W | 线绕电阻器 5瓦 | piece | 0.45
resistor-rx-10w | wirewound resistor 10 W | 线绕电阻器 10瓦 | piece | 0.65
resistor-rx-25w | wirewound resistor 25 W | 线绕电阻器 25瓦 | piece | 1.1
resistor-rx-50w | wirewound resistor 50 W | 线绕电阻器 50瓦 | piece | 1.8
pot-carbon | carbon potentiometer | 碳膜电位器 | piece | 0.9
pot-carbon-switch | carbon potentiometer with switch | 带开关碳膜电位器 | piece | 1.2
pot-wirewound | wirewound potentiometer | 线绕电位器 | piece | 2.6
cap-paper-001uf | paper capacitor 0.01 µF 400 V | 纸介电容器 0.01微法 400伏 | piece | 0.12
cap-paper-005uf | paper capacitor 0.05 µF 400 V | 纸介电容器 0.05微法 400伏 | piece | 0.16
cap-paper-01uf | paper capacitor 0.1 µF 400 V | 纸介电容器 0.1微法 400伏 | piece | 0.2
cap-paper-05uf | paper capacitor 0.5 µF 160 V | 纸介电容器 0.5微法 160伏 | piece | 0.35
cap-paper-1uf | paper capacitor 1 µF 400 V | 纸介电容器 1微法 400伏 | piece | 0.55
cap-paper-4uf-metal | metal-cased paper capacitor 4 µF | 金属壳纸介电容器 4微法 | piece | 1.6
cap-mica-small | mica capacitor, small | 小型云母电容器 | piece | 0.18
cap-mica-medium | mica capacitor, medium | 中型云母电容器 | piece | 0.25
cap-mica-hv | high-voltage mica capacitor | 高压云母电容器 | piece | 0.4
cap-ceramic-tube | tubular ceramic capacitor | 管形瓷介电容器 | piece | 0.06
cap-ceramic-disc | disc ceramic capacitor | 圆片瓷介电容器 | piece | 0.05
cap-ceramic-hv | high-voltage ceramic capacitor | 高压瓷介电容器 | piece | 0.9
cap-ceramic-feedthrough | feed-through ceramic capacitor | 穿心瓷介电容器 | piece | 0.25
cap-ceramic-trimmer | ceramic trimmer capacitor | 瓷介微调电容器 | piece | 0.3
cap-electrolytic-10uf | electrolytic capacitor 10 µF 50 V | 电解电容器 10微法 50伏 | piece | 0.35
cap-electrolytic-20uf | electrolytic capacitor 20 µF 450 V | 电解电容器 20微法 450伏 | piece | 0.95
cap-electrolytic-50uf | electrolytic capacitor 50 µF 450 V | 电解电容器 50微法 450伏 | piece | 1.5
cap-electrolytic-dual | dual electrolytic capacitor 2x20 µF | 双联电解电容器 2×20微法 | piece | 1.6
cap-variable-single | single variable capacitor | 单联可变电容器 | piece | 2.8
cap-variable-twin | twin-gang variable capacitor | 双联可变电容器 | piece | 4.2
ferrite-rod | ferrite antenna rod | 铁氧体磁棒 | piece | 0.25
ferrite-pot-core | ferrite pot core | 铁氧体罐形磁芯 | piece | 0.6
ferrite-e-core | ferrite E-core | 铁氧体E形磁芯 | piece | 0.35
ferrite-ring | ferrite ring | 铁氧体磁环 | piece | 0.04
magnet-alnico | alnico loudspeaker magnet | 铝镍钴扬声器磁钢 | piece | 0.8
socket-7pin | 7-pin valve socket | 七脚电子管管座 | piece | 0.12
socket-9pin | 9-pin valve socket | 九脚电子管管座 | piece | 0.15
socket-octal | octal valve socket | 八脚电子管管座 | piece | 0.18
insulator-hf | high-frequency ceramic insulator | 高频瓷绝缘子 | piece | 0.3
coil-former-ceramic | ceramic coil former | 瓷线圈骨架 | piece | 0.2
transformer-power-radio | radio power transformer | 收音机电源变压器 | piece | 4.5
transformer-output | output transformer | 输出变压器 | piece | 1.2
transformer-if | IF transformer | 中频变压器 | piece | 0.8
choke | filter choke | 滤波扼流圈 | piece | 1
transformer-input | audio input transformer | 音频输入变压器 | piece | 0.9
coil-aerial | aerial coil | 天线线圈 | piece | 0.3
coil-oscillator | oscillator coil | 振荡线圈 | piece | 0.3
speaker-4in | 4-inch permanent-magnet loudspeaker | 4英寸永磁扬声器 | piece | 3.8
speaker-65in | 6.5-inch permanent-magnet loudspeaker | 6.5英寸永磁扬声器 | piece | 6
speaker-reed | moving-iron loudspeaker for wired broadcasting | 舌簧喇叭 | piece | 2.6
switch-band | wave-band switch | 波段开关 | piece | 1.1
switch-toggle | toggle switch | 钮子开关 | piece | 0.35
relay-small | small relay | 小型继电器 | piece | 4.5
connector | plug and socket | 插头座 | piece | 0.4
crystal-quartz | quartz crystal unit | 石英晶体谐振器 | piece | 9
rectifier-selenium | selenium rectifier | 硒整流器 | piece | 1.5
[electron]
tube-receiving | receiving valve | 收讯放大电子管 | piece | 3.2
tube-miniature | miniature valve | 小型电子管 | piece | 3.8
tube-transmitting | transmitting valve | 发射电子管 | piece | 45
diode-germanium | germanium diode | 锗二极管 | piece | 1.8
transistor-germanium | germanium transistor | 锗晶体管 | piece | 12
telephone-set | telephone set | 电话机 | piece | 25
switchboard-100 | manual switchboard, 100 lines | 百门人工交换机 | set | 3000
carrier-telephone | carrier telephone terminal | 载波电话机 | set | 12000
radio-5valve | five-valve radio receiver | 五灯收音机 | set | 68
radio-4valve | four-valve radio receiver | 四灯收音机 | set | 45
amplifier-pa | public-address amplifier | 扩音机 | set | 250
radio-transceiver | radio transceiver | 无线电收发报机 | set | 1800
meter-panel | panel meter | 指示电表 | piece | 25
meter-kwh | kilowatt-hour meter | 电度表 | piece | 18
multimeter | multimeter | 万用表 | piece | 30
[electric]
motor-small | electric motors up to 10 kW | 小型电动机 | kW | 55
motor-medium | electric motors over 10 kW | 中型电动机 | kW | 40
transformer-power | power transformers | 电力变压器 | kVA | 22
switchgear | switchgear cubicle | 开关柜 | set | 1800
wire-insulated | insulated wire | 绝缘电线 | km | 350
cable-power | power cable | 电力电缆 | km | 4000
wire-enamelled | enamelled wire | 漆包线 | t | 9000
battery-dry | dry cell | 干电池 | piece | 0.12
lamp-bulb | electric light bulb | 电灯泡 | piece | 0.4
lamp-fluorescent | fluorescent lamp tube | 荧光灯管 | piece | 1.8
welder-electric | electric welding set | 电焊机 | set | 900
fan-electric | electric fan | 电扇 | set | 45
insulator-porcelain | porcelain line insulator | 瓷瓶 | piece | 0.45
switch-knife | knife switch | 闸刀开关 | piece | 1.6
[machine-tool]
lathe-light | light lathe | 轻型车床 | set | 6000
lathe-medium | medium lathe | 中型车床 | set | 9500
lathe-simple | simple lathe | 简易车床 | set | 900
milling-machine | milling machine | 铣床 | set | 14000
drilling-radial | radial drilling machine | 摇臂钻床 | set | 8000
drilling-bench | bench drilling machine | 台式钻床 | set | 450
shaper | shaping machine | 牛头刨床 | set | 1200
grinder-cylindrical | cylindrical grinding machine | 外圆磨床 | set | 16000
press-punch | punch press | 冲床 | set | 2800
[machine]
pump-centrifugal | centrifugal water pump | 离心水泵 | set | 350
pump-deepwell | deep-well pump | 深井泵 | set | 1800
engine-diesel | diesel engine | 柴油机 | set | 2600
boiler-small | small boiler | 小型锅炉 | set | 6000
blower | blower | 鼓风机 | set | 900
hoist | winch | 卷扬机 | set | 2500
bearing-ball | ball bearing | 滚动轴承 | piece | 2.8
gears | gears | 齿轮 | t | 2000
piston-rings | piston ring | 活塞环 | piece | 0.8
spark-plug | spark plug | 火花塞 | piece | 0.6
sewing-machine | sewing machine | 缝纫机 | set | 105
metal-structures | steel structures | 金属结构 | t | 1200
machinery-parts | machinery spare parts | 机械配件 | t | 1800
[tools]
wrench | wrench | 扳手 | piece | 1.2
twist-drill | twist drill | 麻花钻头 | piece | 0.9
file | file | 锉刀 | piece | 0.8
calipers | vernier calipers | 游标卡尺 | piece | 18
[rail]
locomotive-overhaul | locomotive overhaul | 机车大修 | piece | 38000
wagon-repair | freight wagon repair | 货车修理 | piece | 2200
wagon-new | freight wagon | 货车 | piece | 14000
[farm]
plough-double | double-wheel double-share plough | 双轮双铧犁 | set | 75
waterwheel | chain waterwheel | 水车 | set | 50
thresher | thresher | 脱粒机 | set | 220
sprayer | knapsack sprayer | 喷雾器 | piece | 18
cart-rubber | rubber-tyred cart | 胶轮大车 | piece | 450
handcart | handcart | 手推车 | piece | 35
ball-bearing-cart | ball-bearing cart | 滚珠轴承车 | piece | 40
seeder | seed drill | 播种机 | set | 70
chaff-cutter | chaff cutter | 铡草机 | set | 95
hoe | hoe | 锄头 | piece | 1.1
sickle | sickle | 镰刀 | piece | 0.55
shovel | shovel | 铁锹 | piece | 1.3
[iron-steel]
iron | pig iron | 生铁 | t | 150
steel | steel | 钢 | t | 300
rolled-steel | rolled steel | 钢材 | t | 620
coke | coke | 焦炭 | t | 60
[ore]
iron-ore | iron ore | 铁矿石 | t | 9
[metal-goods]
castings-iron | iron castings | 铸铁件 | t | 550
castings-steel | steel castings | 铸钢件 | t | 1100
forgings | forgings | 锻件 | t | 1300
wire-steel | steel wire | 钢丝 | t | 900
wire-iron | iron wire | 铁丝 | t | 700
nails | wire nails | 圆钉 | t | 760
pipe-welded | welded steel pipe | 焊接钢管 | t | 900
wire-copper | copper wire | 铜线 | t | 6500
[coal]
coal | raw coal | 原煤 | t | 12
coal-lump | lump anthracite | 无烟块煤 | t | 17
[briquettes]
coal-balls | coal balls | 煤球 | t | 20
coal-honeycomb | honeycomb briquettes | 蜂窝煤 | t | 24
[power]
electricity | electricity | 电力 | kWh | 0.065
[brick]
bricks | red bricks | 红砖 | thousand | 28
tiles | roof tiles | 瓦 | thousand | 55
lime | lime | 石灰 | t | 18
[cement]
cement | Cement | 水泥 | t | 45
[glass]
glass-sheet | sheet glass | 平板玻璃 | standard case | 13
glass-bottles | glass bottles | 玻璃瓶 | t | 320
glassware | glassware | 玻璃器皿 | piece | 0.35
[building]
firebricks | firebricks | 耐火砖 | t | 90
asbestos-sheets | asbestos-cement sheets | 石棉瓦 | piece | 2.2
precast-concrete | precast concrete members | 混凝土预制构件 | m3 | 45
[chem]
sulphuric-acid | sulphuric acid | 硫酸 | t | 190
hydrochloric-acid | hydrochloric acid | 盐酸 | t | 160
nitric-acid | nitric acid | 硝酸 | t | 650
caustic-soda | caustic soda | 烧碱 | t | 480
soda-ash | soda ash | 纯碱 | t | 240
sodium-sulphide | sodium sulphide | 硫化碱 | t | 420
sodium-nitrite | sodium nitrite | 亚硝酸钠 | t | 700
bleaching-powder | bleaching powder | 漂白粉 | t | 320
copper-sulphate | copper sulphate | 硫酸铜 | t | 1300
cuprous-chloride | cuprous chloride | 氯化亚铜 | t | 4200
zinc-oxide | zinc oxide | 氧化锌 | t | 1600
lithopone | lithopone | 立德粉 | kg | 0.9
iron-oxide-red | iron oxide red | 铁红 | kg | 0.6
chrome-yellow | chrome yellow | 铬黄 | kg | 2.4
carbon-black | carbon black | 炭黑 | t | 1500
calcium-carbide | calcium carbide | 电石 | kg | 0.35
sodium-silicate | water glass | 水玻璃 | t | 150
alum | alum | 明矾 | t | 260
ferrous-sulphate | ferrous sulphate | 硫酸亚铁 | t | 80
superphosphate | superphosphate | 过磷酸钙 | kg | 0.08
ammonium-sulphate | ammonium sulphate | 硫酸铵 | t | 290
bacterial-fertiliser | bacterial fertiliser | 细菌肥料 | t | 60
bhc | BHC insecticide | 六六六 | t | 900
ddt | DDT | 滴滴涕 | t | 2800
phenolic-powder | phenolic moulding powder | 酚醛塑料粉 | t | 2200
celluloid | celluloid sheet | 赛璐珞板 | t | 6000
paint-ready-mixed | ready-mixed paint | 调和漆 | t | 2300
varnish | varnish | 清漆 | t | 2600
printing-ink | printing ink | 油墨 | t | 3000
oxygen | oxygen | 氧气 | cylinder | 2.5
reagents | chemical reagents | 化学试剂 | kg | 6
glue-animal | animal glue | 骨胶 | t | 1800
[dye]
dye-sulphur-black | sulphur black | 硫化黑 | t | 2800
dye-sulphur-blue | sulphur blue | 硫化蓝 | t | 4200
dye-sulphur-brown | sulphur brown | 硫化黄棕 | t | 3600
dye-direct-black | direct black | 直接黑 | t | 5200
dye-direct-blue | direct blue | 直接蓝 | t | 5800
dye-direct-scarlet | direct scarlet | 直接大红 | t | 7500
dye-direct-yellow | direct yellow | 直接黄 | t | 6200
dye-direct-fast-black | direct fast black | 直接耐晒黑 | t | 8800
dye-acid-black | acid black | 酸性黑 | t | 6500
dye-acid-scarlet | acid scarlet | 酸性大红 | t | 8200
dye-acid-orange | acid orange | 酸性橙 | t | 6000
dye-acid-blue | acid blue | 酸性蓝 | t | 9500
dye-basic-magenta | basic magenta | 碱性品红 | t | 12000
dye-methyl-violet | methyl violet | 甲基紫 | t | 9000
dye-malachite-green | malachite green | 孔雀绿 | t | 11000
dye-rhodamine-b | rhodamine B | 碱性玫瑰精 | t | 18000
dye-auramine | auramine | 碱性嫩黄 | t | 10500
dye-vat-blue | vat blue | 还原蓝 | t | 22000
dye-indigo | indigo | 靛蓝 | t | 9800
dye-naphthol-as | naphthol AS | 色酚AS | t | 11000
dye-fast-red-base | fast red base | 红色基 | t | 9000
dye-fast-scarlet-base | fast scarlet base | 大红色基 | t | 10000
dye-fast-blue-base | fast blue base | 蓝色基 | t | 14000
dye-mordant-black | mordant black | 媒介黑 | t | 8000
dye-aniline-black | aniline black | 苯胺黑 | t | 6000
dye-oil-soluble | oil-soluble dyes | 油溶染料 | t | 9000
dye-household | household dyes | 家用染料 | t | 7000
[intermediate]
int-beta-naphthol | beta-naphthol | 乙萘酚 | t | 3600
int-h-acid | H acid | H酸 | t | 15000
int-j-acid | J acid | J酸 | t | 17000
int-gamma-acid | gamma acid | γ酸 | t | 16000
int-tobias-acid | Tobias acid | 吐氏酸 | t | 11000
int-p-nitroaniline | p-nitroaniline | 对硝基苯胺 | t | 7500
int-p-nitrochlorobenzene | p-nitrochlorobenzene | 对硝基氯苯 | t | 6000
int-dinitrochlorobenzene | 2,4-dinitrochlorobenzene | 2,4-二硝基氯苯 | t | 4500
int-nitrobenzene | nitrobenzene | 硝基苯 | t | 2600
int-aniline | aniline | 苯胺 | t | 4800
int-phthalic-anhydride | phthalic anhydride | 苯酐 | t | 5200
int-anthraquinone | anthraquinone | 蒽醌 | t | 9000
int-p-aminophenol | p-aminophenol | 对氨基苯酚 | t | 12000
int-benzidine | benzidine | 联苯胺 | t | 12500
int-alpha-naphthylamine | alpha-naphthylamine | 甲萘胺 | t | 6800
[indicator]
ind-methyl-orange | methyl orange indicator | 甲基橙指示剂 | kg | 45
ind-methyl-red | methyl red indicator | 甲基红指示剂 | kg | 85
ind-phenolphthalein | phenolphthalein indicator | 酚酞指示剂 | kg | 60
ind-thymolphthalein | thymolphthalein indicator | 百里酚酞指示剂 | kg | 220
ind-bromothymol-blue | bromothymol blue indicator | 溴百里酚蓝指示剂 | kg | 380
ind-thymol-blue | thymol blue indicator | 百里酚蓝指示剂 | kg | 320
ind-bromocresol-green | bromocresol green indicator | 溴甲酚绿指示剂 | kg | 420
ind-bromophenol-blue | bromophenol blue indicator | 溴酚蓝指示剂 | kg | 400
ind-cresol-red | cresol red indicator | 甲酚红指示剂 | kg | 300
ind-congo-red | Congo red indicator | 刚果红指示剂 | kg | 40
ind-litmus | litmus | 石蕊 | kg | 60
ind-eriochrome-black-t | eriochrome black T | 铬黑T | kg | 150
ind-murexide | murexide | 紫脲酸铵 | kg | 260
ind-methylene-blue | methylene blue indicator | 亚甲基蓝指示剂 | kg | 55
ind-neutral-red | neutral red indicator | 中性红指示剂 | kg | 120
ind-ph-paper | pH test paper | pH试纸 | book | 0.12
[pharma]
sulfadiazine | sulfadiazine | 磺胺嘧啶 | kg | 28
sulfaguanidine | sulfaguanidine | 磺胺脒 | kg | 22
aspirin | aspirin | 阿司匹林 | kg | 9
tablets-aspirin | aspirin tablets | 阿司匹林片 | thousand tablets | 3.5
tablets-apc | APC tablets | 复方阿司匹林片 | thousand tablets | 4
tablets-sulfadiazine | sulfadiazine tablets | 磺胺嘧啶片 | thousand tablets | 14
injection-glucose | glucose injection | 葡萄糖注射液 | thousand ampoules | 70
injection-vitamin-b1 | vitamin B1 injection | 维生素B1注射液 | thousand ampoules | 45
pills-chinese | Chinese patent medicine pills | 中成药丸剂 | thousand pills | 40
cotton-absorbent | absorbent cotton | 脱脂棉 | t | 3500
gauze | medical gauze | 医用纱布 | m | 0.3
syringe | hypodermic syringe | 注射器 | piece | 1.2
thermometer-clinical | clinical thermometer | 体温计 | piece | 0.65
[rubber]
tyre-bicycle | bicycle tyre | 自行车外胎 | piece | 3.6
tube-bicycle | bicycle inner tube | 自行车内胎 | piece | 1.4
tyre-truck | truck tyre | 汽车外胎 | piece | 160
shoes-rubber | rubber shoes | 胶鞋 | pair | 3.4
shoes-canvas | canvas sports shoes | 球鞋 | pair | 4.2
hose-rubber | rubber hose | 胶管 | m | 2.2
belt-rubber | rubber transmission belt | 胶带 | m | 4.5
plastic-goods | plastic goods | 塑料制品 | t | 4000
[cotton]
cotton-yarn | cotton yarn | 棉纱 | bale | 760
cloth-grey | grey cotton cloth | 白坯布 | m | 0.48
cloth-poplin | poplin | 府绸 | m | 0.95
cloth-drill | drill | 卡其 | m | 0.85
cloth-corduroy | corduroy | 灯芯绒 | m | 1.2
cloth-printed | printed cotton cloth | 花布 | m | 0.7
cloth-dyed | dyed cotton cloth | 色布 | m | 0.65
cloth-bleached | bleached cotton cloth | 漂白布 | m | 0.58
canvas | canvas | 帆布 | m | 1.6
[wool]
wool-fabric | woollen fabric | 粗纺呢绒 | m | 12
worsted | worsted fabric | 精纺呢绒 | m | 16
wool-yarn | knitting wool | 毛线 | t | 26000
blanket | woollen blanket | 毛毯 | piece | 18
felt | felt | 毛毡 | kg | 4
[knit]
undershirt | knitted undershirt | 汗衫 | piece | 1.4
sweater-cotton | knitted cotton sweater | 卫生衣 | piece | 3.2
socks | socks | 袜子 | pair | 0.4
towel | towel | 毛巾 | piece | 0.6
bed-sheet | bed sheet | 床单 | piece | 4.5
gunny-bag | gunny bag | 麻袋 | piece | 3.4
rope | rope | 绳索 | t | 1400
silk-fabric | silk fabric | 丝绸 | m | 3.8
sewing-thread | sewing thread | 缝纫线 | reel | 0.15
[garment]
padded-coat | cotton-padded coat | 棉大衣 | piece | 12
uniform | cotton uniform | 制服 | piece | 6.5
shirt | shirt | 衬衫 | piece | 3.2
cap | cap | 帽子 | piece | 1.5
gloves-work | work gloves | 劳动手套 | pair | 0.45
children-clothes | children's clothes | 童装 | piece | 2.2
[leather]
leather | leather | 皮革 | m2 | 6
shoes-leather | leather shoes | 皮鞋 | pair | 11.5
shoes-cloth | cloth shoes | 布鞋 | pair | 2.6
leather-belting | leather belting | 传动皮带 | m | 6.5
[paper]
paper-machine | machine-made paper | 机制纸 | t | 950
paperboard | paperboard | 纸板 | t | 500
paper-hand | hand-made paper | 手工纸 | t | 700
cement-bags | cement bags | 水泥纸袋 | thousand | 120
[household]
soap | laundry soap | 肥皂 | t | 1450
toilet-soap | toilet soap | 香皂 | piece | 0.25
toothpaste | toothpaste | 牙膏 | tube | 0.3
enamel-basin | enamel washbasin | 搪瓷面盆 | piece | 2.2
enamel-mug | enamel mug | 搪瓷口杯 | piece | 0.7
aluminium-pot | aluminium pot | 铝锅 | piece | 2.8
thermos | thermos flask | 保温瓶 | piece | 2.9
clock | clock | 座钟 | piece | 15
padlock | padlock | 挂锁 | piece | 0.9
hardware-small | small hardware | 小五金 | t | 1500
scissors | scissors | 剪刀 | piece | 0.6
kitchen-knife | kitchen knife | 菜刀 | piece | 0.8
umbrella | umbrella | 伞 | piece | 3
stove-coal | coal stove | 煤炉 | piece | 6
bucket-iron | iron bucket | 铁桶 | piece | 1.8
kerosene-lamp | kerosene lamp | 煤油灯 | piece | 0.7
torch | torch | 手电筒 | piece | 1.3
bicycle | bicycle | 自行车 | piece | 125
[matches]
matches | matches | 火柴 | case | 190
[tobacco]
cigarettes | cigarettes | 卷烟 | case | 1300
[stationery]
fountain-pen | fountain pen | 钢笔 | piece | 2.4
pencil | pencils | 铅笔 | gross | 4.2
ink | ink | 墨水 | bottle | 0.15
exercise-book | exercise book | 练习本 | piece | 0.08
chalk | chalk | 粉笔 | box | 0.25
ball-sports | sports ball | 球类 | piece | 3.5
musical-instrument | musical instrument | 乐器 | piece | 25
toys | toys | 玩具 | piece | 0.6
abacus | abacus | 算盘 | piece | 1.8
[wood]
sawn-timber | sawn timber | 锯材 | m3 | 110
plywood | plywood | 胶合板 | m3 | 360
chair | wooden chair | 木椅 | piece | 6
desk | desk | 办公桌 | piece | 22
bed-wooden | wooden bed | 木床 | piece | 25
cabinet | cabinet | 柜 | piece | 45
[grain]
flour | wheat flour | 面粉 | t | 360
rice-milled | milled rice | 大米 | t | 300
noodles | dried noodles | 挂面 | t | 420
starch | starch | 淀粉 | t | 420
vermicelli | bean vermicelli | 粉丝 | t | 900
[oil]
edible-oil | edible vegetable oil | 食用植物油 | t | 1150
[food]
soy-sauce | soy sauce | 酱油 | t | 260
vinegar | vinegar | 醋 | t | 150
pickles | pickled vegetables | 酱菜 | kg | 0.4
pork | pork | 猪肉 | t | 1350
sausage | sausages | 香肠 | t | 2200
canned-meat | canned meat | 肉类罐头 | t | 2400
canned-fruit | canned fruit | 水果罐头 | kg | 1.2
pastries | cakes and pastries | 糕点 | t | 1050
biscuits | biscuits | 饼干 | kg | 1.6
candy | candy | 糖果 | t | 1900
preserved-fruit | preserved fruit | 果脯 | t | 1600
bread | bread | 面包 | t | 600
tea | scented tea | 花茶 | t | 2800
[dairy]
milk | fresh milk | 鲜牛奶 | t | 320
milk-powder | milk powder | 奶粉 | t | 5500
[drink]
beer | beer | 啤酒 | t | 560
baijiu | spirits (baijiu) | 白酒 | t | 1900
soft-drinks | aerated water | 汽水 | t | 220
yellow-wine | yellow wine | 黄酒 | t | 900
alcohol | industrial alcohol | 酒精 | t | 1100
[wine]
wine-red | red wine | 红葡萄酒 | t | 2400
wine-white | white wine | 白葡萄酒 | t | 2300
wine-china-red | Chinese red wine (sweet) | 中国红葡萄酒 | t | 2600
vermouth | vermouth | 味美思 | t | 3100
brandy | brandy | 白兰地 | t | 4600
wine-altar | altar wine | 弥撒酒 | t | 2800
[crafts]
cloisonne | cloisonné ware | 景泰蓝 | piece | 18
carpet | hand-knotted carpet | 手工地毯 | m2 | 42
jade-carving | jade carving | 玉器 | piece | 55
carved-lacquer | carved lacquer ware | 雕漆 | piece | 32
ivory-carving | ivory carving | 牙雕 | piece | 120
palace-lantern | palace lantern | 宫灯 | piece | 28
silk-flowers | silk flowers | 绢花 | piece | 0.5
drawnwork | drawnwork | 抽纱 | piece | 6
snuff-bottle | inside-painted snuff bottle | 内画鼻烟壶 | piece | 12
[printing]
printing | printing work | 印刷 | yuan | 1
[repair]
machinery-repair | machinery repair | 机械修理 | yuan | 1
processing-work | processing for customers | 来料加工 | yuan | 1
"""


def _parse_catalogue(text: str) -> tuple[tuple[str, tuple[_Item, ...]], ...]:
    """`[family]` lines, then `code | name | name_zh | uom | price` lines."""
    families: list[tuple[str, list[_Item]]] = []
    for line in text.strip().splitlines():
        if line.startswith("["):
            families.append((line.strip("[]"), []))
        else:
            code, name, name_zh, uom, price = (cell.strip() for cell in line.split(" | "))
            families[-1][1].append((code, name, name_zh, uom, float(price)))
    return tuple((family, tuple(items)) for family, items in families)


_CATALOGUE = _parse_catalogue(_CATALOGUE_TEXT)
_CEMENT_GRADES = (200, 300, 400, 500)  # as in the Hebei replay

#: decimals a quantity is reported with, by unit of measure (whole numbers otherwise)
_DECIMALS = {"t": 3, "kg": 2, "yuan": 2, "m3": 1, "m2": 1, "km": 2}

_PRICE = {code: price for _, items in _CATALOGUE for code, _, _, _, price in items}
_UOM = {code: uom for _, items in _CATALOGUE for code, _, _, uom, _ in items}
_IN_FAMILY = {family: [code for code, *_ in items] for family, items in _CATALOGUE}


def _products() -> pl.DataFrame:
    rows = []
    for _, items in _CATALOGUE:
        for code, name, name_zh, uom, price in items:
            graded = code == "cement"
            rows.append(
                (
                    code,
                    name,
                    name_zh,
                    uom,
                    _number(price),
                    "|".join(str(g) for g in _CEMENT_GRADES) if graded else None,
                    str(_CEMENT_GRADES[0]) if graded else None,
                )
            )
    columns = ["code", "name", "name_zh", "uom", "price", "grades", "min_grade"]
    return pl.DataFrame(rows, schema=dict.fromkeys(columns, pl.String), orient="row")


def _number(x: float) -> str:
    """A price as people write it: 45, 0.065."""
    return f"{x:.6f}".rstrip("0").rstrip(".")


# -- units ----------------------------------------------------------------------------------
@dataclass(slots=True)
class _Unit:
    """A factory (or workshop) and what it makes; `months` is its nominal output value of
    January 1958, December 1958 and January 1959 for a whole month at full production."""

    code: str
    name: str
    name_zh: str
    district: str
    kind: str
    industry: str
    opened: date
    products: list[str]
    shares: list[float]
    since: list[date]  # the first day each product was made
    months: tuple[float, float, float]
    continuous: bool = False  # works Sundays at the full rate
    closed: date | None = None
    grade: int | None = None  # of its cement
    scaled: bool = False  # scaled with the other ordinary factories to the city's totals
    extendable: bool = False  # may take up a product nobody else makes


@dataclass(frozen=True, slots=True)
class _Type:
    """A kind of ordinary factory, and how many of it stand where (reconstruction)."""

    key: str
    name: str
    name_zh: str
    industry: str
    families: tuple[str, ...]
    kind: str
    districts: tuple[str, ...]
    count: int
    size: float  # typical output value in January 1959 (yuan a month) before scaling
    old: float  # share already producing in January 1958
    products: tuple[int, int]  # how many products one makes, least and most
    continuous: bool = False
    grades: tuple[int, ...] = ()
    only: tuple[str, ...] = ()  # the products it may make, if not all of its families'


_EVERYWHERE_OUT = _OUTER + _COUNTIES
_TYPES = (
    _Type("MACH", "Machinery Plant", "机械厂", "machinery", ("machine", "tools"), "modern",
          (*_URBAN, *_SUBURBS, "TZ", "CP"), 22, 1.3e6, 0.45, (1, 3)),
    _Type("MT", "Machine Tool Plant", "机床厂", "machinery", ("machine-tool",), "modern",
          ("CY", "XW", "HD", "FT"), 5, 2.5e6, 0.4, (1, 3)),
    _Type("FARM", "Farm Implements Works", "农具厂", "agricultural machinery", ("farm",),
          "modern", (*_SUBURBS, *_EVERYWHERE_OUT), 18, 0.25e6, 0.3, (1, 4)),
    _Type("ELEC", "Electrical Equipment Works", "电器厂", "electrical equipment", ("electric",),
          "modern", ("CY", "HD", "FT", "XC", "DC"), 10, 1.2e6, 0.4, (1, 3)),
    _Type("RADIO", "Radio Works", "无线电厂", "electronics", ("radio", "electron"), "modern",
          ("CY", "HD", "DC", "XC", "XW"), 7, 0.9e6, 0.3, (2, 5)),
    _Type("HW", "Hardware Factory", "五金厂", "hardware", ("household", "tools"), "modern",
          (*_URBAN, "TZ", "CY", "HD"), 14, 0.35e6, 0.5, (1, 4)),
    _Type("STEEL", "Iron and Steel Works", "钢铁厂", "metallurgy", ("iron-steel",), "modern",
          ("FT", "CY", "HD", "CP", "TZ", "DX", "MY", "HR"), 10, 1.5e6, 0.1, (1, 3), True),
    _Type("TGL", "indigenous blast furnaces", "土高炉群", "metallurgy", ("iron-steel",),
          "indigenous", ("CP", "MY", "HR", "PG", "YQ", "ZKD", "MTG", "SY"), 20, 0.08e6, 0.0,
          (1, 1), True, only=("iron",)),
    _Type("ORE", "Iron Mine", "铁矿", "mining", ("ore",), "modern", ("MY", "HR", "YQ", "ZKD"),
          3, 0.2e6, 0.0, (1, 1), True),
    _Type("FOUND", "Foundry", "铸造厂", "metallurgy", ("metal-goods",), "modern",
          ("FT", "CY", "XW", "CW", "HD"), 7, 0.6e6, 0.4, (1, 3)),
    _Type("COAL", "Coal Mine", "煤矿", "coal", ("coal",), "modern", ("MTG", "MTG", "ZKD", "CP"),
          6, 0.4e6, 0.7, (1, 2), True),
    _Type("TMK", "indigenous coal pits", "土煤窑", "coal", ("coal",), "indigenous",
          ("MTG", "MTG", "ZKD", "CP", "MY", "PG"), 10, 0.05e6, 0.0, (1, 1), True),
    _Type("BRIQ", "Coal Briquette Works", "煤球厂", "fuel", ("briquettes",), "modern",
          _URBAN, 4, 0.3e6, 0.8, (1, 2), True),
    _Type("POWER", "Power Station", "发电站", "power", ("power",), "modern",
          ("HR", "MY", "YQ", "CP"), 4, 0.03e6, 0.0, (1, 1), True),
    _Type("CHEM", "Chemical Works", "化工厂", "chemicals", ("chem",), "modern",
          ("CY", "FT", "HD", "CW", "XW", "TZ"), 12, 0.9e6, 0.35, (2, 4), True),
    _Type("DYE", "Dye Works", "染料厂", "dyes", ("dye", "intermediate"), "modern",
          ("CY", "CW", "XW"), 3, 0.6e6, 0.7, (2, 5), True),
    _Type("PHARM", "Pharmaceutical Works", "制药厂", "pharmaceuticals", ("pharma",), "modern",
          ("DC", "XC", "CY", "CW"), 6, 0.8e6, 0.6, (2, 4)),
    _Type("RUB", "Rubber Works", "橡胶厂", "rubber", ("rubber",), "modern", ("HD", "CY", "XC"),
          4, 1.5e6, 0.6, (2, 4)),
    _Type("BRICK", "Brick and Tile Works", "砖瓦厂", "building materials", ("brick",), "modern",
          (*_SUBURBS, *_EVERYWHERE_OUT), 16, 0.12e6, 0.3, (1, 3), True),
    _Type("TYAO", "indigenous kilns", "土窑", "building materials", ("brick",), "indigenous",
          _EVERYWHERE_OUT, 10, 0.04e6, 0.0, (1, 2), True),
    _Type("CEM", "Cement Plant", "水泥厂", "building materials", ("cement",), "modern",
          ("ZKD", "MTG", "CP", "FT"), 4, 0.3e6, 0.0, (1, 1), True, (300, 400)),
    _Type("GLASS", "Glass Works", "玻璃厂", "building materials", ("glass",), "modern",
          ("CY", "CW"), 3, 0.5e6, 0.6, (1, 3), True),
    _Type("MAT", "Building Materials Works", "建筑材料厂", "building materials", ("building",),
          "modern", ("CY", "FT", "HD"), 4, 0.4e6, 0.3, (1, 3)),
    _Type("KNIT", "Knitting Mill", "针织厂", "textiles", ("knit",), "modern",
          (*_URBAN, "CY"), 10, 0.7e6, 0.6, (2, 4)),
    _Type("WEAVE", "Weaving Mill", "织布厂", "textiles", ("cotton",), "modern",
          ("CY", "CW", "XW", "TZ"), 5, 0.9e6, 0.6, (1, 3), True),
    _Type("GARM", "Garment Factory", "服装厂", "garments", ("garment",), "modern", _URBAN, 10,
          0.5e6, 0.5, (2, 4)),
    _Type("PAPER", "Paper Mill", "造纸厂", "paper", ("paper",), "modern", ("FT", "TZ", "CY"), 3,
          0.8e6, 0.6, (1, 3), True),
    _Type("DAILY", "Daily-use Goods Factory", "日用品厂", "light industry", ("household",),
          "modern", _URBAN, 14, 0.3e6, 0.5, (1, 4)),
    _Type("MATCH", "Match Factory", "火柴厂", "light industry", ("matches",), "modern", ("CY",),
          1, 0.6e6, 1.0, (1, 1)),
    _Type("TOB", "Cigarette Factory", "卷烟厂", "tobacco", ("tobacco",), "modern", ("CY",), 1,
          4.0e6, 1.0, (1, 1), True),
    _Type("STAT", "Stationery Factory", "文具厂", "light industry", ("stationery",), "modern",
          ("DC", "XC", "XW"), 5, 0.4e6, 0.6, (2, 4)),
    _Type("LEATH", "Leather and Shoe Factory", "皮革制鞋厂", "leather", ("leather",), "modern",
          ("CW", "XW", "DC"), 5, 0.6e6, 0.6, (2, 3)),
    _Type("WOOD", "Woodworking Plant", "木材加工厂", "timber and furniture", ("wood",),
          "modern", ("FT", "CY", "TZ", "HD"), 8, 0.3e6, 0.4, (2, 4)),
    _Type("FLOUR", "Flour Mill", "面粉厂", "food", ("grain",), "modern",
          ("FT", "TZ", "SY", "DX", "CY"), 5, 2.0e6, 0.8, (1, 2), True),
    _Type("OIL", "Oil Mill", "油厂", "food", ("oil",), "modern", ("TZ", "DX", "CY"), 3, 1.2e6,
          0.7, (1, 1), True),
    _Type("BREW", "Brewery", "酿酒厂", "drink", ("drink",), "modern",
          ("DX", "CY", "XW", "TZ", "SY"), 5, 0.9e6, 0.6, (1, 3), True),
    _Type("FOOD", "Food Factory", "食品厂", "food", ("food",), "modern",
          (*_URBAN, *_SUBURBS, "TZ", "DX"), 14, 0.6e6, 0.5, (2, 4)),
    _Type("DAIRY", "Dairy", "乳品厂", "food", ("dairy",), "modern", ("CY", "HD"), 2, 0.2e6,
          0.5, (1, 2), True),
    _Type("CRAFT", "Arts and Crafts Works", "工艺美术厂", "arts and crafts", ("crafts",),
          "modern", (*_URBAN, "CY"), 10, 0.4e6, 0.8, (1, 3)),
    _Type("PRINT", "Printing House", "印刷厂", "printing", ("printing",), "modern", _URBAN, 6,
          0.5e6, 0.9, (1, 1)),
    _Type("REP", "Machinery Repair Works", "机械修配厂", "machinery repair", ("repair",),
          "modern", (*_SUBURBS, "TZ", "CP"), 5, 0.2e6, 0.4, (1, 2)),
    _Type("COMM", "commune works", "社办工厂", "commune industry",
          ("farm", "grain", "brick"), "indigenous", _EVERYWHERE_OUT, 18, 0.05e6, 0.0, (1, 3)),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Large:
    """A large or well-known enterprise (the name is of the time; its figures are not)."""

    code: str
    name: str
    name_zh: str
    district: str
    kind: str
    industry: str
    opened: date
    products: tuple[tuple[str, float], ...]  # product and share of output value
    months: tuple[float, float, float]  # output value, Jan 1958, Dec 1958, Jan 1959
    continuous: bool = False
    grade: int | None = None


_LARGE = (
    _Large("BJ-SJS-STEEL", "Shijingshan Iron and Steel Works", "石景山钢铁厂", "FT", "large",
           "metallurgy", date(1919, 1, 1),
           (("iron", 0.45), ("steel", 0.2), ("rolled-steel", 0.15), ("coke", 0.2)),
           (8.0e6, 24.0e6, 26.0e6), True),
    _Large("BJ-SJS-POWER", "Shijingshan Power Plant", "石景山发电厂", "FT", "large", "power",
           date(1922, 1, 1), (("electricity", 1.0),), (4.0e6, 5.5e6, 5.8e6), True),
    _Large("BJ-JINGXI", "Jingxi Mining Bureau", "京西矿务局", "MTG", "large", "coal",
           date(1953, 1, 1), (("coal", 0.7), ("coal-lump", 0.3)), (3.2e6, 5.0e6, 5.3e6), True),
    _Large("BJ-LIULIHE", "Liulihe Cement Works", "琉璃河水泥厂", "ZKD", "large",
           "building materials", date(1939, 1, 1), (("cement", 1.0),), (1.0e6, 1.6e6, 1.7e6),
           True, 500),
    _Large("BJ-COTTON-1", "Beijing No. 1 State Cotton Mill", "国营北京第一棉纺织厂", "CY",
           "large", "textiles", date(1955, 1, 1),
           (("cotton-yarn", 0.35), ("cloth-grey", 0.4), ("cloth-poplin", 0.25)),
           (6.0e6, 8.5e6, 9.0e6), True),
    _Large("BJ-COTTON-2", "Beijing No. 2 State Cotton Mill", "国营北京第二棉纺织厂", "CY",
           "large", "textiles", date(1955, 1, 1),
           (("cotton-yarn", 0.35), ("cloth-grey", 0.35), ("cloth-drill", 0.3)),
           (6.0e6, 8.5e6, 9.0e6), True),
    _Large("BJ-COTTON-3", "Beijing No. 3 State Cotton Mill", "国营北京第三棉纺织厂", "CY",
           "large", "textiles", date(1957, 1, 1),
           (("cotton-yarn", 0.4), ("cloth-grey", 0.35), ("cloth-corduroy", 0.25)),
           (5.0e6, 8.5e6, 9.0e6), True),
    _Large("BJ-PRINTDYE", "Beijing Printing and Dyeing Mill", "北京印染厂", "CY", "large",
           "textiles", date(1955, 1, 1),
           (("cloth-printed", 0.5), ("cloth-dyed", 0.35), ("cloth-bleached", 0.15)),
           (4.0e6, 6.0e6, 6.5e6), True),
    _Large("BJ-QINGHE", "Qinghe Woollen Mill", "清河制呢厂", "HD", "large", "textiles",
           date(1908, 1, 1),
           (("wool-fabric", 0.45), ("worsted", 0.2), ("wool-yarn", 0.15), ("blanket", 0.15),
            ("felt", 0.05)),
           (3.0e6, 4.5e6, 4.8e6), True),
    _Large("BJ-774", "Beijing Electron Tube Factory", "北京电子管厂", "CY", "large",
           "electronics", date(1956, 10, 15),
           (("tube-receiving", 0.55), ("tube-miniature", 0.3), ("tube-transmitting", 0.15)),
           (2.5e6, 7.0e6, 7.5e6)),
    _Large("BJ-738", "Beijing Wire Communication Plant", "北京有线电厂", "CY", "large",
           "electronics", date(1957, 1, 1),
           (("telephone-set", 0.45), ("switchboard-100", 0.3), ("carrier-telephone", 0.25)),
           (2.0e6, 5.0e6, 5.2e6)),
    _Large("BJ-MT1", "Beijing No. 1 Machine Tool Plant", "北京第一机床厂", "CY", "large",
           "machinery", date(1950, 1, 1),
           (("milling-machine", 0.6), ("lathe-medium", 0.25), ("grinder-cylindrical", 0.15)),
           (3.0e6, 8.0e6, 8.5e6)),
    _Large("BJ-CXD", "Changxindian Rolling Stock Works", "长辛店机车车辆修理厂", "FT", "large",
           "railway equipment", date(1897, 1, 1),
           (("locomotive-overhaul", 0.45), ("wagon-repair", 0.3), ("wagon-new", 0.15),
            ("castings-steel", 0.1)),
           (2.0e6, 3.0e6, 3.2e6)),
    _Large("BJ-CHEM", "Beijing Chemical Works", "北京化工厂", "CY", "modern", "chemicals",
           date(1952, 1, 1),
           (("sulphuric-acid", 0.3), ("caustic-soda", 0.25), ("hydrochloric-acid", 0.15),
            ("reagents", 0.2), ("bleaching-powder", 0.1)),
           (1.5e6, 3.5e6, 3.8e6), True),
    _Large(REPAIR_WORKS, "Beijing Machinery Repair Works", "北京机械修配厂", "XW", "modern",
           "machinery repair", date(1950, 1, 1), (("machinery-repair", 1.0),),
           (1.2e6, 2.9e6, 3.0e6)),
)  # fmt: skip

# The three factories of the article and the Xinghua workshops (all figures reconstruction).
_NCRE_NEW_1958 = {
    "resistor-rj-025w", "resistor-rj-05w", "ferrite-rod", "ferrite-e-core", "ferrite-ring",
    "cap-ceramic-hv", "relay-small", "cap-electrolytic-dual",
}  # fmt: skip
_NCRE_NEW_1959 = {"ferrite-pot-core": date(1959, 1, 12), "crystal-quartz": date(1959, 1, 19)}
_NCRE_MONTHS = (2.6e6, 8.4e6, 0.0)  # January 1959 is shaped to the article below
_XINGHUA_DYES = (
    ("dye-sulphur-black", 0.3), ("dye-sulphur-blue", 0.12), ("dye-direct-black", 0.1),
    ("dye-direct-blue", 0.08), ("dye-acid-black", 0.08), ("dye-acid-orange", 0.06),
    ("dye-basic-magenta", 0.06), ("dye-methyl-violet", 0.06), ("dye-naphthol-as", 0.08),
    ("dye-household", 0.06),
)  # fmt: skip
_XINGHUA_MONTHS = (2.6e5, 4.7e5, 0.0)
_INTERMEDIATES = (
    ("int-beta-naphthol", 0.35), ("int-h-acid", 0.2), ("int-p-nitroaniline", 0.2),
    ("int-dinitrochlorobenzene", 0.15), ("int-tobias-acid", 0.1),
)  # fmt: skip
_INTERMEDIATE_MONTHS = (3.0e4, 4.5e4, 0.0)
_INDICATOR_DAY_VALUE = 1_800.0  # yuan a day once the workshop ran
_WINES = (
    ("wine-red", 0.35), ("wine-white", 0.2), ("wine-china-red", 0.15), ("vermouth", 0.1),
    ("brandy", 0.12), ("wine-altar", 0.08),
)  # fmt: skip


def _named_units(rng: np.random.Generator) -> list[_Unit]:
    radio = _IN_FAMILY["radio"]
    weights = rng.lognormal(0.0, 0.7, len(radio))
    ncre_since = [
        _NCRE_NEW_1959.get(p, date(1958, 7, 1) if p in _NCRE_NEW_1958 else date(1957, 10, 5))
        for p in radio
    ]
    indicators = _IN_FAMILY["indicator"]
    return [
        _Unit(NCRE, "North China Radio Equipment Factory", "华北无线电器材厂", "CY", "large",
              "radio components", date(1957, 10, 5), list(radio),
              list(weights / weights.sum()), ncre_since, _NCRE_MONTHS),
        _Unit(XINGHUA, "Xinghua Dye Factory", "兴华染料厂", "CY", "modern", "dyes",
              date(1952, 1, 1), [p for p, _ in _XINGHUA_DYES], [s for _, s in _XINGHUA_DYES],
              [date(1952, 1, 1)] * len(_XINGHUA_DYES), _XINGHUA_MONTHS, continuous=True),
        _Unit(CUCL_WORKSHOP, "Xinghua Dye Factory, cuprous chloride workshop",
              "兴华染料厂氯化亚铜车间", "CY", "modern", "chemicals", CUCL_OPENED,
              ["cuprous-chloride"], [1.0], [CUCL_OPENED], (0.0, 0.0, 0.0), continuous=True),
        _Unit(INTERMEDIATE_WORKSHOP, "Xinghua Dye Factory, dye-intermediate workshop",
              "兴华染料厂染料中间体车间", "CY", "modern", "dyes", date(1956, 6, 1),
              [p for p, _ in _INTERMEDIATES], [s for _, s in _INTERMEDIATES],
              [date(1956, 6, 1)] * len(_INTERMEDIATES), _INTERMEDIATE_MONTHS,
              continuous=True),
        _Unit(INDICATOR_WORKSHOP, "Xinghua Dye Factory, dye-indicator workshop",
              "兴华染料厂染料指示剂车间", "CY", "modern", "dyes", INDICATORS_OPENED,
              list(indicators), list(rng.dirichlet(np.full(len(indicators), 2.0))),
              [INDICATORS_OPENED] * len(indicators), (0.0, 0.0, 0.0)),
        _Unit(SHANGYI, "Shangyi Winery", "上义葡萄酒厂", "HD", "modern", "drink",
              date(1910, 1, 1), [p for p, _ in _WINES], [s for _, s in _WINES],
              [date(1910, 1, 1)] * len(_WINES),
              (SHANGYI_JAN58_VALUE, SHANGYI_DEC58_VALUE, 0.0), continuous=True),
    ]  # fmt: skip


_CHINESE_DIGITS = "零一二三四五六七八九"


def _chinese_number(n: int) -> str:
    """1 to 99 in Chinese numerals: 一, 十二, 二十, 二十一."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CHINESE_DIGITS[tens] + "十")
    return head + (_CHINESE_DIGITS[ones] if ones else "")


# Opening months of the factories new since January 1958: February 1958 to January 1959,
# most of them in the second half of 1958 (reconstruction).
_NEW_MONTH_WEIGHTS = np.array([1, 1, 2, 2, 2, 3, 5, 8, 10, 8, 5, 2], dtype=np.float64)


def _random_day(rng: np.random.Generator, first: date, last: date) -> date:
    return first + timedelta(days=int(rng.integers(0, (last - first).days + 1)))


def _opening_day(rng: np.random.Generator, old: bool, type_key: str) -> date:
    if old:
        return _random_day(rng, date(1950, 1, 1), date(1957, 12, 1))
    if type_key in ("TGL", "TMK", "TYAO"):  # the mass campaigns of the autumn of 1958
        return _random_day(rng, date(1958, 7, 15), date(1958, 11, 30))
    month = int(rng.choice(12, p=_NEW_MONTH_WEIGHTS / _NEW_MONTH_WEIGHTS.sum()))
    year, m = (1958, month + 2) if month < 11 else (1959, 1)
    last = date(year, m, 28) if (year, m) != (1959, 1) else date(1959, 1, 20)
    return _random_day(rng, date(year, m, 1), last)


def _ordinary_units(rng: np.random.Generator) -> list[_Unit]:
    """The few hundred ordinary factories: where, what, since when, how big."""
    units: list[_Unit] = []
    count: dict[tuple[str, str], int] = {}
    for t in _TYPES:
        pool = list(t.only) or [p for family in t.families for p in _IN_FAMILY[family]]
        for district in rng.choice(t.districts, size=t.count).tolist():
            k = count[(district, t.key)] = count.get((district, t.key), 0) + 1
            place, place_zh = _PLACE[district]
            ordinal = "" if k == 1 else f"第{_chinese_number(k)}"
            indigenous = t.kind == "indigenous"
            name = f"{place} {t.name}" + (f" No. {k}" if k > 1 or indigenous else "")
            name_zh = (
                f"{place_zh}{t.name_zh}{_chinese_number(k)}号"
                if indigenous
                else f"{place_zh}{ordinal}{t.name_zh}"
            )
            old = bool(rng.random() < t.old)
            opened = _opening_day(rng, old, t.key)
            least, most = t.products
            n = min(int(rng.integers(least, most + 1)), len(pool))
            products = [str(p) for p in rng.choice(pool, size=n, replace=False)]
            shares = rng.dirichlet(np.full(n, 3.0)) if n > 1 else np.ones(1)
            # Old factories took up some of their products in 1958.
            since = [opened] + [
                _random_day(rng, date(1958, 2, 1), date(1958, 11, 30))
                if old and rng.random() < 0.3
                else opened
                for _ in products[1:]
            ]
            jan59 = t.size * float(rng.lognormal(0.0, 0.45))
            dec58 = jan59 * float(rng.lognormal(np.log(0.95), 0.06))
            jan58 = jan59 / float(rng.lognormal(np.log(1.9), 0.3)) if old else 0.0
            closed = None
            if t.key == "TGL" and rng.random() < 0.35:  # furnaces put out in the winter
                closed = _random_day(rng, date(1958, 12, 10), date(1959, 1, 25))
            units.append(
                _Unit(
                    code=f"BJ-{district}-{t.key}{k}",
                    name=name,
                    name_zh=name_zh,
                    district=district,
                    kind=t.kind,
                    industry=t.industry,
                    opened=opened,
                    products=products,
                    shares=[float(s) for s in shares],
                    since=since,
                    months=(jan58, dec58, jan59),
                    continuous=t.continuous,
                    closed=closed,
                    grade=int(rng.choice(t.grades)) if t.grades else None,
                    scaled=True,
                    extendable=not t.only,
                )
            )
    _cover_every_product(units)
    return units


def _cover_every_product(units: list[_Unit]) -> None:
    """Give each product nobody makes to the ordinary factory of its family with the fewest."""
    made = {p for u in units for p in u.products}
    made |= {p for large in _LARGE for p, _ in large.products}
    made |= set(_IN_FAMILY["radio"]) | set(_IN_FAMILY["indicator"]) | set(_IN_FAMILY["wine"])
    made |= {p for p, _ in _XINGHUA_DYES + _INTERMEDIATES} | {"cuprous-chloride"}
    for family, items in _CATALOGUE:
        for code, *_ in items:
            if code in made:
                continue
            able = [
                u
                for u in units
                if u.extendable and any(p in _IN_FAMILY[family] for p in u.products)
            ]
            if not able:
                raise ValueError(f"no factory can make {code}")
            unit = min(able, key=lambda u: len(u.products))
            unit.products.append(code)
            unit.shares.append(0.6 * min(unit.shares))
            total = sum(unit.shares)
            unit.shares[:] = [s / total for s in unit.shares]
            unit.since.append(unit.opened)
            made.add(code)


def _large_units() -> list[_Unit]:
    return [
        _Unit(
            code=e.code,
            name=e.name,
            name_zh=e.name_zh,
            district=e.district,
            kind=e.kind,
            industry=e.industry,
            opened=e.opened,
            products=[p for p, _ in e.products],
            shares=[s for _, s in e.products],
            since=[e.opened] * len(e.products),
            months=e.months,
            continuous=e.continuous,
            grade=e.grade,
        )
        for e in _LARGE
    ]


# -- daily output value ---------------------------------------------------------------------
def _days(period: tuple[date, date]) -> list[date]:
    first, last = period
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


_RAMP_DAYS = 45  # a new factory runs up from 40% to full output in six weeks


def _weights(rng: np.random.Generator, unit: _Unit, days: list[date]) -> Floats:
    """Each day's share of a full month's output: the working rhythm, opening and closing.

    Output rises through the month (the last ten days make up for the first); Sundays are
    slower where work stops; New Year's Day is a holiday; a new factory runs up.
    """
    n = len(days)
    base = 0.94 + 0.12 * np.arange(n) / (n - 1)
    if not unit.continuous:
        base *= np.array([0.8 if d.weekday() == 6 else 1.0 for d in days])
    if days[0].month == 1:
        base[0] *= 0.85 if unit.continuous else 0.5
    full = base.sum()
    age = np.array([(d - unit.opened).days for d in days], dtype=np.float64)
    ramp = np.where(age < 0, 0.0, np.clip(0.4 + 0.6 * age / _RAMP_DAYS, 0.0, 1.0))
    if unit.closed is not None:
        ramp[np.array([d >= unit.closed for d in days])] = 0.0
    weights: Floats = base * ramp * rng.lognormal(0.0, 0.06, n) / full
    return weights


def _ncre_january(rng: np.random.Generator) -> Floats:
    """The radio factory's January: slow while the inspection ran, fast after it.

    The plan is reached on 30 January with 40% of that day's output to spare, and the month
    ends at 117% of plan: on 31 January the month's finished batches passed final
    inspection, about a sixth of the plan in one day (see the notes).
    """
    d = np.arange(1, 32)
    level = np.select([d <= 10, d <= 20], [0.72, 1.0], 1.32) * (1 + 0.01 * ((d - 1) % 10))
    level[0] *= 0.5  # New Year's Day
    shape = level * rng.lognormal(0.0, 0.04, 31)
    k = NCRE_PLAN / (shape[:30].sum() - 0.4 * shape[29])
    values: Floats = k * shape
    values[30] = NCRE_PLAN * (100 + NCRE_OVER_PCT) / 100 - values[:30].sum()
    return values


def _xinghua_january(rng: np.random.Generator) -> Floats:
    """The dye works' January: short of raw materials until the new workshops ran.

    Up a fifth when cuprous chloride came (6 January), a quarter more when the rebuilt
    intermediate workshop ran (17 January); the plan is reached on 25 January with 65% of
    that day's output, six days ahead.
    """
    d = np.arange(1, 32)
    level = np.where(d < 6, 0.8, np.where(d < 17, 1.0, 1.25))
    level[0] *= 0.6
    shape = level * rng.lognormal(0.0, 0.04, 31)
    done = XINGHUA_DONE.day  # the plan is reached on this day of January
    k = XINGHUA_PLAN / (shape[: done - 1].sum() + 0.35 * shape[done - 1])
    values: Floats = k * shape
    return values


def _shangyi_january(rng: np.random.Generator) -> Floats:
    """The winery's January: every shift and group with its own plan, rising all month."""
    d = np.arange(31)
    shape = (0.75 + 0.5 * d / 30) * rng.lognormal(0.0, 0.05, 31)
    shape[0] *= 0.6
    total = SHANGYI_PLAN * (100 + SHANGYI_OVER_PCT) / 100
    values: Floats = shape * (total / shape.sum())
    return values


def _workshop_january(rng: np.random.Generator, unit: _Unit) -> Floats:
    """The Xinghua workshops in January 1959."""
    days = _days(JAN59)
    values = np.zeros(31)
    if unit.code == CUCL_WORKSHOP:  # 50 t a year: at most 0.137 t a day
        running = np.array([d >= CUCL_OPENED for d in days])
        tonnes = rng.uniform(0.118, CUCL_T_PER_YEAR / 365, 31)
        values = np.where(running, tonnes * _PRICE["cuprous-chloride"], 0.0)
    elif unit.code == INDICATOR_WORKSHOP:
        age = np.array([(d - INDICATORS_OPENED).days for d in days], dtype=np.float64)
        ramp = np.where(age < 0, 0.0, np.clip(0.5 + 0.1 * age, 0.0, 1.0))
        values = _INDICATOR_DAY_VALUE * ramp * rng.lognormal(0.0, 0.08, 31)
    elif unit.code == INTERMEDIATE_WORKSHOP:  # rebuilt in fifteen days, then twice as big
        december_day = _INTERMEDIATE_MONTHS[1] / 31
        first, last = INTERMEDIATES_REBUILT
        level = np.array([0.0 if first <= d <= last else (2.2 if d > last else 1.0) for d in days])
        values = december_day * level * rng.lognormal(0.0, 0.06, 31)
    result: Floats = values
    return result


# -- quantities -----------------------------------------------------------------------------
def _scale(uom: str) -> int:
    return int(10 ** _DECIMALS.get(uom, 0))


def _cumulative_round(x: Floats) -> Ints:
    """Whole numbers whose running total stays within a half of `x`'s running total."""
    running = np.floor(np.cumsum(x) + 0.5).astype(np.int64)
    result: Ints = np.diff(running, prepend=np.int64(0))
    return result


Key = tuple[str, str, int]  # unit, product, period index


def _split(
    rng: np.random.Generator,
    unit: _Unit,
    p: int,
    days: list[date],
    values: Floats,
    out: dict[Key, Ints],
) -> None:
    """Share a unit's daily output value among its products; quantities in whole steps."""
    active = np.array([[d >= s for d in days] for s in unit.since], dtype=np.float64)
    shares = np.array(unit.shares)[:, None] * rng.lognormal(0.0, 0.1, active.shape) * active
    total = shares.sum(axis=0)
    shares /= np.where(total > 0, total, 1.0)
    for k, product in enumerate(unit.products):
        steps = values * shares[k] / _PRICE[product] * _scale(_UOM[product])
        if steps.sum() > 0:
            out[(unit.code, product, p)] = _cumulative_round(steps)


def _value(key: Key, steps: Ints) -> Floats:
    product = key[1]
    result: Floats = steps / _scale(_UOM[product]) * _PRICE[product]
    return result


def _adjust_total(out: dict[Key, Ints], key: Key, day: int, target: float, total: float) -> None:
    """Move one day's quantity of one product so that a unit's month comes to `target`."""
    step_value = _PRICE[key[1]] / _scale(_UOM[key[1]])
    out[key][day] += round((target - total) / step_value)
    if out[key][day] <= 0:
        raise ValueError(f"cannot adjust {key} on day {day}")


def _unit_total(out: dict[Key, Ints], code: str, p: int) -> float:
    return sum(float(_value(k, v).sum()) for k, v in out.items() if k[0] == code and k[2] == p)


def _output(rng: np.random.Generator, units: list[_Unit]) -> dict[Key, Ints]:
    """Every unit's daily output of each product in the three months, in whole steps.

    The ordinary factories are scaled together so that the city's January 1958 and January
    1959 totals come out right; the repair works' month takes up what rounding leaves.
    """
    period_days = [_days(period) for period in PERIODS]
    repair = next(u for u in units if u.code == REPAIR_WORKS)
    repair_weights: list[Floats] = []
    daily: dict[tuple[str, int], Floats] = {}
    for unit in units:
        for p, days in enumerate(period_days):
            if unit is repair:
                repair_weights.append(_weights(rng, unit, days))
            elif p == 2 and unit.code == NCRE:
                daily[(unit.code, p)] = _ncre_january(rng)
            elif p == 2 and unit.code == XINGHUA:
                daily[(unit.code, p)] = _xinghua_january(rng)
            elif p == 2 and unit.code == SHANGYI:
                daily[(unit.code, p)] = _shangyi_january(rng)
            elif p == 2 and unit.code in (CUCL_WORKSHOP, INTERMEDIATE_WORKSHOP, INDICATOR_WORKSHOP):
                daily[(unit.code, p)] = _workshop_january(rng, unit)
            elif unit.months[p] > 0:
                daily[(unit.code, p)] = unit.months[p] * _weights(rng, unit, days)

    # Scale the ordinary factories: January 1958 and January 1959 to the city's totals (less
    # the others and the repair works' nominal month), December 1958 as January 1959.
    scaled = {u.code for u in units if u.scaled}
    factor = {}
    for p, target in ((0, CITY_JAN58_VALUE), (2, CITY_JAN59_VALUE)):
        fixed = sum(v.sum() for (c, q), v in daily.items() if q == p and c not in scaled)
        ordinary = sum(v.sum() for (c, q), v in daily.items() if q == p and c in scaled)
        factor[p] = (target - repair.months[p] - fixed) / ordinary
    factor[1] = factor[2]
    for (code, p), values in daily.items():
        if code in scaled:
            daily[(code, p)] = values * factor[p]

    out: dict[Key, Ints] = {}
    for unit in units:
        for p, days in enumerate(period_days):
            if (unit.code, p) in daily:
                _split(rng, unit, p, days, daily[(unit.code, p)], out)

    # The article's exact figures: the radio factory's and the winery's January totals.
    for code, month, product in (
        (NCRE, NCRE_PLAN * (100 + NCRE_OVER_PCT) / 100, "resistor-rs-025w"),
        (SHANGYI, SHANGYI_PLAN * (100 + SHANGYI_OVER_PCT) / 100, "wine-red"),
    ):
        _adjust_total(out, (code, product, 2), 30, month, _unit_total(out, code, 2))

    # The repair works: its nominal month, or what the city's exact total leaves for it.
    for p, weights in enumerate(repair_weights):
        total = repair.months[p]
        if p != 1:
            others = sum(float(_value(k, v).sum()) for k, v in out.items() if k[2] == p)
            total = (CITY_JAN58_VALUE if p == 0 else CITY_JAN59_VALUE) - others
        cents = round(total * _scale("yuan"))
        out[(REPAIR_WORKS, "machinery-repair", p)] = _cumulative_round(
            weights * (cents / weights.sum())
        )
    return out


def _quantity_text(steps: int, decimals: int) -> str:
    if decimals == 0:
        return str(steps)
    whole, part = divmod(steps, 10**decimals)
    return f"{whole}.{part:0{decimals}d}".rstrip("0").rstrip(".")


def _reports(out: dict[Key, Ints], units: list[_Unit]) -> pl.DataFrame:
    grade = {u.code: u.grade for u in units}
    unit_col: list[str] = []
    date_col: list[date] = []
    product_col: list[str] = []
    quantity_col: list[str] = []
    grade_col: list[int | None] = []
    for (code, product, p), steps in out.items():
        decimals = _DECIMALS.get(_UOM[product], 0)
        for day, q in zip(_days(PERIODS[p]), steps.tolist(), strict=True):
            if q > 0:
                unit_col.append(code)
                date_col.append(day)
                product_col.append(product)
                quantity_col.append(_quantity_text(q, decimals))
                grade_col.append(grade[code] if product == "cement" else None)
    return pl.DataFrame(
        {
            "unit": unit_col,
            "date": pl.Series(date_col, dtype=pl.Date),
            "product": product_col,
            "quantity": quantity_col,
            "grade": pl.Series(grade_col, dtype=pl.Int64),
        }
    ).sort("date", "unit", "product")


def _units_table(units: list[_Unit], out: dict[Key, Ints]) -> pl.DataFrame:
    """The units; a capacity (per day, of the main product) a sixth above the best day."""
    main_product = {u.code: u.products[0] for u in units}
    best: dict[str, int] = {}
    for (code, product, _), steps in out.items():
        if product == main_product[code]:
            best[code] = max(best.get(code, 0), int(steps.max()))
    rows = []
    for u in units:
        main = u.products[0]
        decimals = _DECIMALS.get(_UOM[main], 0)
        if u.code == NCRE:  # dozens of components: no one capacity
            capacity = None
        elif u.code == CUCL_WORKSHOP:
            capacity = _quantity_text(math.ceil(CUCL_T_PER_YEAR / 365 * 1000), 3)
        else:
            capacity = _quantity_text(math.ceil(best[u.code] * 1.15), decimals)
        rows.append(
            (
                u.code,
                u.name,
                u.name_zh,
                _region(u.district),
                u.kind,
                u.industry,
                main,
                capacity,
                u.opened,
                u.closed,
                "closed" if u.closed is not None else "producing",
            )
        )
    text = ["code", "name", "name_zh", "region", "kind", "industry", "product", "capacity"]
    schema: dict[str, pl.DataType] = {c: pl.String() for c in text}
    schema |= {"opened": pl.Date(), "closed": pl.Date(), "status": pl.String()}
    return pl.DataFrame(rows, schema=schema, orient="row").sort("code")


# -- plans ----------------------------------------------------------------------------------
def _plans() -> pl.DataFrame:
    """The January 1959 output value plans (all targets reconstruction)."""
    first, last = JAN59
    rows = [
        (CITY, CITY_PLAN, "January 1959 industrial production plan"),
        (NCRE, NCRE_PLAN, "January 1959 production plan (output value)"),
        (XINGHUA, XINGHUA_PLAN, "January 1959 output value plan"),
        (SHANGYI, SHANGYI_PLAN, "January 1959 plan (output value)"),
    ]
    return pl.DataFrame(
        [(scope, VALUE, first, last, target, plan) for scope, target, plan in rows],
        schema=["scope", "product", "start", "end", "target", "plan"],
        orient="row",
    )


# -- the mass inspection at the radio factory -----------------------------------------------
# The workshops the inspectors went to, with what they make and the machines that matter
# (reconstruction: the factory's real organisation into branch factories is not modelled).
_NCRE_WORKSHOPS = (
    ("resistor workshop",
     ("carbon-film resistors", "composition resistors", "metal-film resistors",
      "wirewound resistors"),
     ("carbon-film furnace", "spiralling lathe", "capping press"),
     ("ceramic rods", "end caps", "tinned lead wire", "protective lacquer")),
    ("paper capacitor workshop", ("paper capacitors", "metal-cased paper capacitors"),
     ("winding machine", "impregnation tank", "vacuum drier"),
     ("capacitor paper", "aluminium foil", "impregnating wax", "metal cans")),
    ("ceramic capacitor workshop",
     ("tubular ceramic capacitors", "disc ceramic capacitors", "high-voltage ceramic capacitors"),
     ("tunnel kiln", "silvering furnace", "tablet press"),
     ("titanate powder", "silver paste", "tinned lead wire", "encapsulating wax")),
    ("mica capacitor workshop", ("mica capacitors",), ("mica splitting bench", "silver printer"),
     ("mica sheet", "silver paste", "phenolic powder")),
    ("electrolytic capacitor workshop", ("electrolytic capacitors",),
     ("foil etching line", "forming tank", "ageing rack"),
     ("aluminium foil", "electrolyte paper", "boric acid", "aluminium cans")),
    ("variable capacitor workshop", ("variable capacitors", "trimmer capacitors"),
     ("punch press", "spot welder"), ("aluminium sheet", "brass strip", "mica sheet")),
    ("radio ceramics workshop", ("valve sockets", "high-frequency insulators", "coil formers"),
     ("ball mill", "dry press", "electric kiln"),
     ("steatite powder", "kaolin", "brass contacts", "saggars")),
    ("magnetic materials workshop", ("ferrite rods", "ferrite cores", "alnico magnets"),
     ("ball mill", "hydraulic press", "sintering furnace"),
     ("ferric oxide", "manganese carbonate", "zinc oxide", "cobalt")),
    ("transformer and coil workshop", ("power transformers", "IF transformers", "aerial coils"),
     ("coil winder", "varnish oven"),
     ("silicon steel sheet", "enamelled wire", "insulating paper", "varnish")),
    ("loudspeaker workshop", ("loudspeakers",), ("cone press", "magnetiser"),
     ("cone paper", "alnico magnets", "voice-coil wire", "glue")),
    ("switch and potentiometer workshop", ("wave-band switches", "potentiometers"),
     ("punch press", "riveting machine"),
     ("phenolic powder", "silver contacts", "carbon ink", "brass strip")),
    ("crystal and relay workshop", ("quartz crystal units", "relays"),
     ("crystal saw", "lapping machine"),
     ("quartz", "silver paste", "relay springs", "enamelled wire")),
    ("tool and die workshop", ("dies", "jigs"), ("jig borer", "surface grinder"),
     ("tool steel", "die steel", "grinding wheels")),
    ("machine repair workshop", ("spare parts",), ("lathe", "planer"),
     ("bearings", "castings", "belting")),
    ("power and steam workshop", ("steam", "compressed air"), ("boiler", "air compressor"),
     ("coal", "boiler tubes", "lubricating oil")),
)  # fmt: skip
# problem, measure, owner, range of the {pct} figure
_Template = tuple[str, str, str, tuple[int, int]]
_CHECKS: tuple[tuple[str, int, tuple[_Template, ...]], ...] = (
    ("tasks", 196, (
        ("the January task for {product} is not broken down to shifts and groups",
         "task split by shift and group and posted on the board; checked at each shift meeting",
         "{workshop} planning group", (0, 0)),
        ("the January task for {product} is {pct}% above December's, the {machine} is not "
         "planned to match",
         "a second shift put on the {machine}; its daily output checked against the task",
         "planning section", (20, 80)),
        ("the materials plan for {product} covers only {pct}% of the January task",
         "buyers sent for {material}; a substitute tried for the rest",
         "supply section", (50, 85)),
        ("no schedule for the trial production of new {product}",
         "trial schedule drawn up with a date for each step; a trial group set up",
         "technology section", (0, 0)),
        ("groups do not know their daily targets for {product}",
         "daily targets given out at the morning meeting and written on each group's board",
         "{workshop} director", (0, 0)),
        ("tooling for the larger task of {product} not ordered",
         "tooling ordered from the tool and die workshop with delivery dates",
         "tool and die workshop", (0, 0)),
    )),
    ("key points", 262, (
        ("the {machine} holds back {product}: it meets only {pct}% of the need",
         "the {machine} run in three shifts; a second one improvised from spare parts",
         "equipment section", (55, 90)),
        ("short of {material} for {product}",
         "{material} borrowed from the {other}; trial of a substitute started",
         "supply section", (0, 0)),
        ("reject rate of {product} at {pct}%",
         "process checked step by step; inspection at the {machine}; rejects counted daily",
         "quality inspection section", (6, 25)),
        ("process cards for {product} not ready",
         "process cards written in three days by technicians with veteran workers",
         "technology section", (0, 0)),
        ("the {machine} breaks down often",
         "the {machine} overhauled on the Sunday; a check by the operator every shift",
         "machine repair workshop", (0, 0)),
        ("changing dies on the {machine} takes {n} hours",
         "quick-change clamps made; a change now takes under an hour",
         "tool and die workshop", (0, 0)),
    )),
    ("production order", 241, (
        ("semi-finished {product} lie between processes without labels",
         "racks and batch labels; handover between processes by count",
         "{workshop} director", (0, 0)),
        ("no handover record between shifts on the {machine}",
         "a shift handover book kept at the {machine}",
         "{workshop} shift leaders", (0, 0)),
        ("{material} drawn from the store without requisition",
         "requisition slips; the store checked every day",
         "warehouse", (0, 0)),
        ("tools lent out and not returned",
         "a tool card for each worker; tools counted at the end of each shift",
         "tool room", (0, 0)),
        ("{product} inspected only at the end of the line",
         "inspection after each process and of the first piece of each shift",
         "quality inspection section", (0, 0)),
        ("no guard on the {machine}",
         "guard fitted; safety check at the start of each shift",
         "safety section", (0, 0)),
        ("aisles blocked by {material}",
         "storage places marked out; aisles cleared",
         "{workshop} director", (0, 0)),
    )),
    ("technological revolution", 165, (
        ("a proposal to mechanise feeding the {machine} not acted on",
         "feeder built by a group of workers, technicians and cadres",
         "technology section", (0, 0)),
        ("{n} suggestions of workers on {product} not answered",
         "suggestions gone through with their authors; the practicable ones taken up at once",
         "{workshop} technical innovation group", (0, 0)),
        ("hand work on {product} could be done with a simple jig",
         "jig designed and made in the tool and die workshop",
         "tool and die workshop", (0, 0)),
        ("trial of an automatic counter for {product} stopped half-way",
         "trial resumed with an engineer assigned to it",
         "central laboratory", (0, 0)),
        ("the {machine} could run faster with a better fixture",
         "fixture redesigned; speed raised after a test run",
         "technology section", (0, 0)),
    )),
)  # fmt: skip


def _inspections(rng: np.random.Generator) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The campaign and its 864 problems, each with a measure, an owner and dates."""
    first, last = CAMPAIGN_DAYS
    campaigns = pl.DataFrame(
        [
            (
                CAMPAIGN,
                "Mass inspection at the North China Radio Equipment Factory",
                "华北无线电器材厂群众性大检查",
                NCRE,
                first,
                last,
                INSPECTORS,
            )
        ],
        schema=["code", "name", "name_zh", "scope", "start", "end", "inspectors"],
        orient="row",
    )
    days = _days(CAMPAIGN_DAYS)
    day_weights = np.linspace(1.6, 0.6, len(days))
    day_weights /= day_weights.sum()
    rows = []
    for check, count, templates in _CHECKS:
        for _ in range(count):
            w = int(rng.integers(len(_NCRE_WORKSHOPS)))
            workshop, products, machines, materials = _NCRE_WORKSHOPS[w]
            problem, measure, owner, (lo, hi) = templates[int(rng.integers(len(templates)))]
            other = _NCRE_WORKSHOPS[(w + 1 + int(rng.integers(14))) % len(_NCRE_WORKSHOPS)]
            fill = {
                "workshop": workshop,
                "product": products[int(rng.integers(len(products)))],
                "machine": machines[int(rng.integers(len(machines)))],
                "material": materials[int(rng.integers(len(materials)))],
                "other": other[0],
                "pct": int(rng.integers(lo, hi + 1)),
                "n": int(rng.integers(3, 40)),
            }
            found = days[int(rng.choice(len(days), p=day_weights))]
            due = found + timedelta(days=int(rng.integers(2, 22)))
            done: date | None = None
            if rng.random() < 0.93:
                done = found + timedelta(days=int(rng.integers(1, (due - found).days + 3)))
                done = done if done <= AS_OF else None
            rows.append(
                (
                    found,
                    check,
                    f"{workshop}: {problem.format(**fill)}",
                    measure.format(**fill),
                    owner.format(**fill),
                    due,
                    done,
                )
            )
    rows.sort(key=lambda row: row[0])  # stable: by day found, in the order of the checks
    problems = pl.DataFrame(
        [
            (CAMPAIGN, NCRE, found, f"no. {i + 1:03d}, check of {check}: {text}", *rest)
            for i, (found, check, text, *rest) in enumerate(rows)
        ],
        schema={
            "campaign": pl.String(),
            "unit": pl.String(),
            "found": pl.Date(),
            "problem": pl.String(),
            "measure": pl.String(),
            "owner": pl.String(),
            "due": pl.Date(),
            "done": pl.Date(),
        },
        orient="row",
    )
    return campaigns, problems


# -- building and checking ------------------------------------------------------------------
def _month_values(out: dict[Key, Ints], codes: set[str] | None, p: int) -> Floats:
    """Daily output value of the units `codes` (all units if None) in period `p`."""
    total = np.zeros(len(_days(PERIODS[p])))
    for key, steps in out.items():
        if key[2] == p and (codes is None or key[0] in codes):
            total += _value(key, steps)
    return total


def _completion_day(daily: Floats, target: float) -> int | None:
    reached = np.flatnonzero(np.cumsum(daily) >= target)
    return int(reached[0]) + 1 if reached.size else None


def _check(out: dict[Key, Ints]) -> None:
    """The raw rows say what the article says (else the constants above are wrong)."""
    city = _month_values(out, None, 2)
    ncre = _month_values(out, {NCRE}, 2)
    shangyi = _month_values(out, {SHANGYI}, 2)
    growth = (city.sum() / _month_values(out, None, 0).sum() - 1) * 100
    failures = [
        what
        for what, holds in (
            ("city plan on 31 January", _completion_day(city, CITY_PLAN) == 31),
            ("city growth", abs(growth - GROWTH_YOY_PCT) < 0.001),
            ("NCRE on 30 January", _completion_day(ncre, NCRE_PLAN) == NCRE_DONE.day),
            ("NCRE 17% over", abs(ncre.sum() / NCRE_PLAN * 100 - 100 - NCRE_OVER_PCT) < 0.001),
            (
                "Xinghua on 25 January",
                _completion_day(_month_values(out, {XINGHUA}, 2), XINGHUA_PLAN) == XINGHUA_DONE.day,
            ),
            (
                "Shangyi 111% over",
                abs(shangyi.sum() / SHANGYI_PLAN * 100 - 100 - SHANGYI_OVER_PCT) < 0.01,
            ),
            ("Shangyi doubled", shangyi.sum() > 2 * _month_values(out, {SHANGYI}, 1).sum()),
        )
        if not holds
    ]
    if failures:
        raise RuntimeError(f"the Beijing replay misses: {', '.join(failures)}")


def build(folder: Path) -> None:
    """Write the Beijing January 1959 scenario folder (CSV), the same bytes every time."""
    rng = np.random.default_rng(SEED)
    units = _named_units(rng) + _large_units() + _ordinary_units(rng)
    out = _output(rng, units)
    _check(out)
    campaigns, inspections = _inspections(rng)
    tables = {
        "regions": _regions(),
        "products": _products(),
        "units": _units_table(units, out),
        "plans": _plans(),
        "reports": _reports(out, units),
        "campaigns": campaigns,
        "inspections": inspections,
    }
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        table.write_csv(folder / f"{name}.csv")


# -- the article's figures ------------------------------------------------------------------
def _query(measure: Measure, scope: str, product: str = VALUE) -> Query:
    """A question about January 1959, as of the article's last day."""
    campaign = CAMPAIGN if product == "*" else None
    return Query(measure, scope, product, *JAN59, as_of=AS_OF, campaign=campaign)


CLAIMS = (
    Claim(
        "city_plan_completed",
        "Beijing's January industrial production plan was victoriously completed on January 31st",
        "北京市1月份工业生产计划已在1月31日胜利完成",
        _query(Measure.COMPLETION_DATE, CITY),
        Expect(on=AS_OF),
    ),
    Claim(
        "city_growth_yoy",
        "with a total output value increase of 275.3% compared to the same period last year "
        "(the headline: January's total output value increases by 2.7 times)",
        "总产值比去年同期增长了275.3％（标题：一月份总产值比去年同期增长了二点七倍）",
        _query(Measure.GROWTH_YOY_PCT, CITY),
        Expect(equals=GROWTH_YOY_PCT, tolerance=0.05),
    ),
    Claim(
        "ncre_completed",
        "the factory completed the January production plan one day ahead of schedule",
        "全厂提前一天超额17％完成了1月份生产计划",
        _query(Measure.COMPLETION_DATE, NCRE),
        Expect(on=NCRE_DONE),
    ),
    Claim(
        "ncre_days_ahead",
        "one day ahead of schedule",
        "提前一天",
        _query(Measure.DAYS_AHEAD, NCRE),
        Expect(equals=1),
    ),
    Claim(
        "ncre_overfulfilment",
        "exceeding the target by 17%",
        "超额17％完成了1月份生产计划",
        _query(Measure.OVERFULFILMENT_PCT, NCRE),
        Expect(equals=NCRE_OVER_PCT, tolerance=0.05),
    ),
    Claim(
        "xinghua_days_ahead",
        "After these workshops were put into production, the January output value plan was "
        "completed six days ahead of schedule.",
        "这些车间投入了生产以后，提前六天完成了1月份产值计划。",
        _query(Measure.DAYS_AHEAD, XINGHUA),
        Expect(equals=6),
    ),
    Claim(
        "shangyi_overfulfilment",
        "the factory overfulfilled the January plan by 111%",
        "这个工厂超额111％完成了1月份计划",
        _query(Measure.OVERFULFILMENT_PCT, SHANGYI),
        Expect(equals=SHANGYI_OVER_PCT, tolerance=0.05),
    ),
    Claim(
        "shangyi_growth_on_december",
        "the output value increased by more than double compared to December last year",
        "产值比去年12月份提高了一倍多",
        _query(Measure.GROWTH_PREV_PCT, SHANGYI),
        Expect(above=100),
    ),
    Claim(
        "inspection_problems",
        "Through inspection, 864 problems were found",
        "通过检查，查出了八百六十四项问题",
        _query(Measure.PROBLEMS_FOUND, NCRE, "*"),
        Expect(equals=PROBLEMS),
    ),
    Claim(
        "inspection_measures",
        "measures were taken for each of them",
        "条条都采取了措施",
        _query(Measure.PROBLEMS_WITH_MEASURE_PCT, NCRE, "*"),
        Expect(equals=100),
    ),
    Claim(
        "inspectors",
        "an inspection team of more than 500 people was sent to various workshops",
        "由五百多人组成的检查团分到各个车间去",
        _query(Measure.INSPECTORS, NCRE, "*"),
        Expect(at_least=500, at_most=599),
    ),
)

SCENARIO = Scenario(
    name="beijing-industry-1959",
    title=(
        "Without dismounting, without stopping: Beijing's industrial front wins the first "
        "battle; January's total output value increases by 2.7 times on the same period "
        "last year"
    ),
    title_zh=(
        "人不离鞍，马不停蹄，在大跃进的基础上更大跃进　北京工业战线第一仗打得好　"
        "一月份总产值比去年同期增长了二点七倍"
    ),
    source="004_32458be4526a5db2.txt",
    as_of=AS_OF,
    claims=CLAIMS,
    build=build,
    committed=True,
    notes=(
        "The article gives the city's plan completion and growth, three factories' results "
        "and one inspection. Everything below them is reconstruction, made to agree with "
        "them: the city's output value of 120 million yuan in January 1958 and 450.36 million "
        "in January 1959 (3.753 times); the plans (city 446 million, the radio factory 12 "
        "million, Xinghua 480,000, Shangyi 100,000 yuan, all output value plans for January "
        "1959); the products and their constant 1957 prices; the few hundred factories "
        "(names of the large enterprises are those of the time, their figures are not; "
        "opening days before 1958 are placeholders, apart from the radio factory's "
        "5 October 1957 and Shangyi's 1910); every daily report of January 1958, December "
        "1958 and January 1959; the Xinghua workshops' dates (cuprous chloride from 6 "
        "January at 50 t a year, the intermediate workshop rebuilt 2-16 January, indicators "
        "from 12 January); the inspection's dates, 538 inspectors, and the text, measure, "
        "owner and dates of each of the 864 problems. The regions are those of January 1959 "
        "(13 districts and 4 counties); January 1958 is compared on the same boundaries, so "
        "it counts the factories of the counties still in Hebei then. The Xinghua workshops "
        "are units of their own: the factory's value plan is its dye works', whose output "
        "rises as the workshops' raw materials arrive. Doubtful in the article: the radio "
        "factory's 'one day ahead, 17% over' holds under planworks' definitions (completion "
        "= first day the cumulative reaches the plan, overfulfilment at the month's end) "
        "only if 31 January alone brought about a sixth of the plan; the replay has the "
        "month's finished batches pass final inspection that day. More likely the factory "
        "closed its January account on the 30th with 117%. The headline's 'increased 2.7 "
        "times' (二点七倍) is 275.3% cut short, not rounded (2.753 times)."
    ),
    bulletin=BulletinSpec(
        CITY,
        JAN59[0],
        AS_OF,
        (
            "北京市1月31日超额1％完成了1月份产值计划",
            "比去年同期增长了275.3％",
            "提前一天超额17％完成了1月份产值计划",
            "提前六天",
            "超额111％",
            "提高了一倍多",
            "五百多人",
            "查出了八百六十四项问题，条条都采取了措施",
        ),
        (
            "Beijing completed the output value plan for January on 31 January",
            "275.3% above a year before",
            "on 30 January, 1 day ahead of schedule, exceeding it by 17%",
            "on 25 January, 6 days ahead of schedule",
            "exceeding it by 111%; output was 122.44% above December",
            "by a team of more than 500 found 864 problems, and a measure was taken for each",
        ),
    ),
)
