"""A realistic, fictional provincial natural-resources department for demos and tests.

Idempotent: every row is looked up by a natural key and only created when missing.
"""

from functools import cache

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts import services
from accounts.models import (
    Administrator,
    LeadershipGroupMember,
    OfficeMember,
    OrganHandler,
    OrgUnit,
    PartyGroupMember,
    UnitContact,
    User,
)
from config.actions import installing
from inspections.models import Plan, PlanUnit
from inspections.services import (
    plan_approve,
    plan_child_add,
    plan_decide,
    plan_review,
    plan_save,
    plan_submit,
)
from teams.models import EmploymentRecord, TalentPoolEntry
from teams.services import talent_entry_save, talent_record_add

from .demo_rounds import seed_rounds

# Published in the README on purpose: demo accounts sign in only while DEBUG is on.
DEMO_PASSWORD = "xuncha-demo-2026"  # nosec B105
DEPARTMENT = "青海省自然资源厅"

# (name, organ kind or "")
DIVISIONS = [
    ("厅办公室", ""),
    ("人事处", "hr"),
    ("财务处", "other"),
    ("政策法规处", ""),
    ("自然资源调查监测处", ""),
    ("国土空间规划局", ""),
    ("耕地保护监督处", ""),
    ("直属机关党委", ""),
    ("直属机关纪委", "discipline"),
    ("驻厅纪检监察组", "discipline"),
]

UNITS = [
    "青海省地质调查局",
    "青海省自然资源综合调查监测院",
    "青海省国土空间规划研究院",
    "青海省自然资源信息中心",
    "青海省不动产登记局",
    "青海省测绘地理信息院",
    "青海省地质环境监测总站",
    "青海省自然资源执法监察总队",
    "青海省土地整治和生态修复中心",
    "青海省基础测绘院",
    "青海省自然资源档案馆",
    "青海省第三地质勘查院",
    "青海省柴达木综合地质矿产勘查院",
    "青海省自然资源厅机关服务中心",
]

# username, full name, unit, position title
PEOPLE = [
    ("dz_shuji", "王建国", DEPARTMENT, "厅党组书记、厅长"),
    ("dz_li", "李海峰", DEPARTMENT, "厅党组成员、副厅长"),
    ("dz_zhang", "张秀兰", DEPARTMENT, "厅党组成员、副厅长（分管组织人事）"),
    ("dz_zhao", "赵德明", DEPARTMENT, "厅党组成员、副厅长（分管直属机关纪委）"),
    ("dz_chen", "陈玉梅", DEPARTMENT, "厅党组成员、总规划师"),
    ("jjz_zuzhang", "马国栋", "驻厅纪检监察组", "省纪委监委驻厅纪检监察组组长"),
    ("rsc_chuzhang", "刘文静", "人事处", "人事处处长"),
    ("jgdw_fushuji", "孙立新", "直属机关党委", "直属机关党委专职副书记"),
    ("jgjw_shuji", "周明远", "直属机关纪委", "直属机关纪委书记、巡察办主任"),
    ("jgjw_fushuji", "吴晓燕", "直属机关纪委", "直属机关纪委专职副书记、巡察办副主任"),
    ("dkj_jiwei", "郑永红", "青海省地质调查局", "局纪委书记、巡察办副主任"),
    ("xcb_lianluo", "何佳", "直属机关纪委", "巡察办专职联络员"),
    ("xcb_lianluo2", "韩雪", "直属机关纪委", "巡察办联络员"),
    ("jjz_banli", "冯志强", "驻厅纪检监察组", "驻厅纪检监察组干部"),
    ("rsc_banli", "邓丽", "人事处", "人事处干部监督科科长"),
    ("jgjw_banli", "曹宏", "直属机关纪委", "直属机关纪委审查调查科科长"),
    ("cwc_banli", "袁芳", "财务处", "财务处副处长"),
    # 三员: in the office of the department, outside every business role.
    ("xt_guanli", "闫晓东", "厅办公室", "信息化科科长（系统管理员）"),
    ("aq_baomi", "杜红梅", "厅办公室", "保密科科长（安全保密管理员）"),
    ("sj_shenji", "胡文博", "厅办公室", "审计科干部（安全审计员）"),
]
ADMINISTRATORS = [("xt_guanli", "sysadmin"), ("aq_baomi", "security_officer"),
                  ("sj_shenji", "auditor")]

# The six specialties of Art 9, spread over 30 people in the units; used for the talent pool.
SPECIALTY_PEOPLE = [
    ("基层党建", ["杨帆", "朱丽华", "许志刚", "沈静", "吕斌"]),
    ("纪检监察", ["施伟", "张磊", "秦雪梅", "尤建军", "蒋涛"]),
    ("组织人事", ["魏红", "陶然", "姜波", "谢婷", "邹勇"]),
    ("财务审计", ["喻晓", "柏杨", "水清", "窦强", "章慧"]),
    ("自然资源管理", ["云鹏", "苏畅", "潘峰", "葛亮", "奚玲"]),
    ("政策法规", ["范睿", "彭程", "郎平", "鲁宁", "韦东"]),
]

SPECIALTY_CODES = ["party_building", "discipline", "personnel", "finance_audit",
                   "natural_resources", "policy_law"]

# (main leader, rectification contact) per unit, in UNITS order.
UNIT_CONTACT_NAMES = [
    ("高振华", "田蕾"), ("罗建平", "白雪"), ("梁世杰", "石磊"), ("宋志远", "唐敏"),
    ("谭永刚", "黎芳"), ("邱国庆", "方圆"), ("侯德胜", "崔颖"), ("龙海涛", "邵晨"),
    ("万家宝", "钱琳"), ("段红军", "雷鸣"), ("汤建华", "熊婷"), ("武卫东", "金晶"),
    ("贾正义", "廖佳"), ("夏长青", "顾倩"),
]

LEADERSHIP = [
    ("dz_shuji", "leader", "厅党组书记"),
    ("dz_li", "deputy", "厅党组成员"),
    ("jjz_zuzhang", "deputy", "驻厅纪检监察组组长"),
    ("dz_zhang", "member", "分管组织人事的党组成员"),
    ("rsc_chuzhang", "member", "厅人事处处长"),
    ("jgdw_fushuji", "member", "直属机关党委专职副书记"),
    ("jgjw_fushuji", "member", "直属机关纪委专职副书记"),
]
OFFICE = [
    ("jgjw_shuji", "director"),
    ("jgjw_fushuji", "deputy_director"),
    ("dkj_jiwei", "deputy_director"),
    ("xcb_lianluo", "liaison"),
    ("xcb_lianluo2", "liaison"),
]
PARTY_GROUP = [
    ("dz_shuji", True, "主持厅党组全面工作", []),
    ("dz_li", False, "分管地质勘查、调查监测", UNITS[0:2] + [UNITS[6], UNITS[11], UNITS[12]]),
    ("dz_zhang", False, "分管组织人事、信息化", [UNITS[3], UNITS[10], UNITS[13]]),
    ("dz_zhao", False, "分管执法监察、不动产登记", [UNITS[4], UNITS[7], UNITS[8]]),
    ("dz_chen", False, "分管国土空间规划、测绘", [UNITS[2], UNITS[5], UNITS[9]]),
]
ORGAN_HANDLERS = [
    ("jjz_banli", "驻厅纪检监察组"),
    ("jgjw_banli", "直属机关纪委"),
    ("rsc_banli", "人事处"),
    ("cwc_banli", "财务处"),
]


def _unit(name, **defaults):
    unit = OrgUnit.objects.filter(name=name).first()
    return unit or services.orgunit_create(by=None, name=name, **defaults)


@cache
def _demo_password_hash():
    # Hashed once: hashing it for each of the 80 demo accounts took most of a minute.
    return make_password(DEMO_PASSWORD)


def _user(username, full_name, unit, position_title):
    user = User.objects.filter(username=username).first()
    if user is None:
        user = services.user_create(
            by=None, username=username, full_name=full_name, org_unit=unit,
            position_title=position_title, email=f"{username}@example.org",
            password_hash=_demo_password_hash() if settings.DEBUG else None, is_demo=True,
        )
    return user


def _role(model, person, m2m=None, **fields):
    lookup = {"user": person, **{k: v for k, v in fields.items() if k in {"unit", "organ"}}}
    record = model.objects.filter(**lookup).first()
    if record is not None:
        return record
    return services.role_record_save(record=model(user=person, **fields), by=None, m2m=m2m)


def seed_demo(*, rounds=True, log=lambda line: None):
    """The organisation, people and plans; with `rounds`, the work in progress too."""
    # An instance being set up: nobody acts yet, so the writes have no acting person.
    with installing(), transaction.atomic():
        _seed_demo()
        log(f"Organisation: {OrgUnit.objects.count()} units, {User.objects.count()} people.")
        if rounds:
            seed_rounds(log=log)


def _seed_demo():
    department = _unit(DEPARTMENT, kind=OrgUnit.Kind.DEPARTMENT, short_name="省自然资源厅")
    for order, (name, organ_kind) in enumerate(DIVISIONS, start=1):
        _unit(name, kind=OrgUnit.Kind.DIVISION, parent=department, sort_order=order,
              is_receiving_organ=bool(organ_kind), organ_kind=organ_kind)
    for order, name in enumerate(UNITS, start=100):
        _unit(name, kind=OrgUnit.Kind.UNIT, parent=department, sort_order=order)
    units = {u.name: u for u in OrgUnit.objects.all()}

    people = {
        username: _user(username, full_name, units[unit], title)
        for username, full_name, unit, title in PEOPLE
    }
    specialists = []
    for s_index, (specialty, names) in enumerate(SPECIALTY_PEOPLE):
        for p_index, full_name in enumerate(names):
            unit = units[UNITS[(s_index * 5 + p_index) % len(UNITS)]]
            person = _user(f"rck_{s_index + 1}{p_index + 1}", full_name, unit, f"{specialty}骨干")
            specialists.append((person, SPECIALTY_CODES[s_index], p_index))
    for index, name in enumerate(UNITS, start=1):
        leader_name, contact_name = UNIT_CONTACT_NAMES[index - 1]
        leader = _user(f"dw{index:02d}_fzr", leader_name, units[name], "党委书记")
        contact = _user(f"dw{index:02d}_lly", contact_name, units[name], "党委办公室主任")
        _role(UnitContact, leader, unit=units[name], position=UnitContact.Position.MAIN_LEADER)
        _role(UnitContact, contact, unit=units[name], position=UnitContact.Position.CONTACT)

    for username, position, duty in LEADERSHIP:
        _role(LeadershipGroupMember, people[username], position=position, duty=duty)
    for username, position in OFFICE:
        _role(OfficeMember, people[username], position=position)
    for username, is_secretary, duty, supervised in PARTY_GROUP:
        _role(PartyGroupMember, people[username], is_secretary=is_secretary, duty=duty,
              m2m={"supervised_units": [units[name] for name in supervised]})
    for username, organ in ORGAN_HANDLERS:
        _role(OrganHandler, people[username], organ=units[organ])
    for username, kind in ADMINISTRATORS:
        _role(Administrator, people[username], kind=kind)
    _seed_talent_pool(specialists, units)
    _seed_plans(people["jgjw_shuji"], people["dz_shuji"], units)


def _seed_talent_pool(specialists, units):
    for person, code, index in specialists:
        if TalentPoolEntry.objects.filter(user=person).exists():
            continue
        # Everyone has a main specialty; every other person a second one, for coverage.
        extra = [SPECIALTY_CODES[(SPECIALTY_CODES.index(code) + 1) % 6]] if index % 2 else []
        entry = talent_entry_save(
            by=None, user=person, specialties=[code, *extra],
            availability="limited" if index == 4 else "available")
        if index == 0:
            # A past post in the first unit: suggestions and the recusal check will show it.
            talent_record_add(by=None, record=EmploymentRecord(
                entry=entry, unit=units[UNITS[0]], position="副处长", start_year=2018,
                end_year=2023))


def _seed_plans(office_director, secretary, units):
    if Plan.objects.exists():
        return
    term = plan_save(by=office_director, kind="term", title="厅党组2022—2026年巡察工作规划",
                     start_year=2022, end_year=2026,
                     content="省委一届任期内对厅系统所属单位党组织巡察全覆盖（第十条）。")
    for index, name in enumerate(UNITS):
        plan_child_add(plan=term, by=office_director,
                       child=PlanUnit(unit=units[name], year=2022 + index % 5))
    term.refresh_from_db()
    term = plan_submit(plan=term, by=office_director, expected_version=term.version)
    # Art 3, 6 (2): the leadership group proposes the term plan, the party group makes it.
    term = plan_review(plan=term, by=secretary, expected_version=term.version,
                       comment="领导小组2022年第1次会议研究")
    plan_decide(plan=term, by=secretary, expected_version=term.version,
                comment="厅党组2022年第3次会议审定")
    annual = plan_save(by=office_director, kind="annual", parent=term,
                       title="2026年度巡察工作计划", start_year=2026, end_year=2026,
                       content="2026年安排两轮常规巡察，覆盖剩余单位。")
    annual = plan_submit(plan=annual, by=office_director, expected_version=annual.version)
    plan_approve(plan=annual, by=secretary, expected_version=annual.version,
                 comment="领导小组2026年第1次会议审定")


def demo_accounts():
    """(username, what the account shows) for the README and the run command's banner."""
    return [
        ("jgjw_shuji", "巡察办主任"),
        ("xcb_lianluo", "巡察办联络员"),
        ("dz_shuji", "党组书记、领导小组组长"),
        ("dz_li", "党组成员（分管5个单位）、领导小组副组长"),
        ("jjz_zuzhang", "领导小组副组长（驻厅纪检监察组组长）"),
        ("dw01_fzr", "被巡察单位主要负责人（青海省地质调查局）"),
        ("dw01_lly", "被巡察单位整改联络人（青海省地质调查局）"),
        ("jjz_banli", "承办机关经办人（驻厅纪检监察组）"),
        ("rsc_banli", "承办机关经办人（人事处）"),
        ("xt_guanli", "系统管理员（人员、单位）"),
        ("aq_baomi", "安全保密管理员（授予角色、重置第二认证因素）"),
        ("sj_shenji", "安全审计员（安全日志）"),
    ]
