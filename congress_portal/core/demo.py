"""Shared pieces of the demo data: the context every app's `demo.py` receives, and Chinese names.

Each app may have a `demo.py` with `ORDER` (int) and `seed(ctx)`; `seed_demo` runs them in order.
Everything is deterministic for a given scale and anchor day.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password

DEMO_PASSWORD = "Demo@2026"

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红梅鹏飞斌宇浩凯秀兰建国建华志强志明海燕海涛晓东晓燕"
    "文静文博晨曦思远子涵雨轩欣怡俊杰振华国栋春林秋菊冬梅立新卫东红霞丽娟慧敏德明永红玉兰光辉家豪宏伟国庆金凤"
)

WUCHANG_STREETS = [
    "积玉桥街", "杨园街", "徐家棚街", "粮道街", "中华路街", "黄鹤楼街", "紫阳街",
    "白沙洲街", "首义路街", "中南路街", "水果湖街", "珞珈山街", "石洞街", "南湖街",
]


@dataclass
class DemoContext:
    scale: str
    today: datetime.date
    stdout: object = None
    rng: random.Random = field(default_factory=lambda: random.Random(20261))
    password_hash: str = field(default_factory=lambda: make_password(DEMO_PASSWORD))
    # Objects that later steps need, e.g. ctx.shared["term"].
    shared: dict = field(default_factory=dict)

    @property
    def large(self):
        return self.scale == "large"

    def log(self, message):
        if self.stdout is not None:
            self.stdout.write(message)

    def person_name(self):
        surname = self.rng.choice(SURNAMES)
        given_len = 1 if self.rng.random() < 0.3 else 2
        given = "".join(self.rng.choice(GIVEN) for _ in range(given_len))
        return surname + given


def id_number(rng, region="420106", birth_year_range=(1960, 1995)):
    from congress_portal.core.validators import id_number_check_digit

    birth = datetime.date(rng.randint(*birth_year_range), rng.randint(1, 12), rng.randint(1, 28))
    first17 = f"{region}{birth:%Y%m%d}{rng.randint(0, 999):03d}"
    return first17 + id_number_check_digit(first17)
