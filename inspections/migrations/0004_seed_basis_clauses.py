"""Seeds the basis knowledge base with the clauses findings cite most, summarised in our words.

Offices add or refine clauses in the admin; this only creates missing rows, so re-running is safe.
"""

from django.db import migrations

CLAUSES = [
    ("中国共产党纪律处分条例", "第四十二条", "违反“三重一大”等重大问题决策程序，个人或少数人决定重大问题的，依规处分。"),
    ("中国共产党纪律处分条例", "第八十九条", "收受可能影响公正执行公务的礼品、礼金、消费卡等的，依规处分。"),
    ("中国共产党纪律处分条例", "第九十八条", "违反规定借用公款、公务用车或其他公共财物的，依规处分。"),
    ("中国共产党纪律处分条例", "第一百零二条", "违反公务接待管理规定，超标准、超范围接待或借机大吃大喝的，依规处分。"),
    ("中国共产党纪律处分条例", "第一百二十一条", "工作中不负责任或疏于管理，贯彻执行上级决策部署不力，造成损失或不良影响的，依规处分。"),
    ("中国共产党纪律处分条例", "第一百二十四条", "在履职中搞形式主义、官僚主义，弄虚作假、表态多调门高而落实少的，依规处分。"),
    ("中央八项规定实施细则", "公务接待", "国内公务接待应当有公函，严格接待标准，不得超标准安排食宿、组织旅游和娱乐活动。"),
    ("中央八项规定实施细则", "会议活动", "精简会议活动，严格控制会议规模、时间和经费，提高会议实效。"),
    ("中央八项规定实施细则", "公务用车", "严格公务用车管理，不得违规配备、使用和私用公车。"),
    ("中国共产党党内监督条例", "第十五条", "党委（党组）在党内监督中负主体责任，书记是第一责任人。"),
    ("中国共产党党内监督条例", "第二十一条", "党的领导干部应当如实报告个人有关事项，组织应当抽查核实。"),
    ("中国共产党巡视工作条例", "第十六条", "巡视组应当围绕党的政治建设等内容开展监督，发现问题如实报告。"),
    ("关于新形势下党内政治生活的若干准则", "民主集中制", "坚持集体领导和个人分工负责相结合，重大问题集体讨论决定。"),
    ("党政领导干部选拔任用工作条例", "第四十九条", "干部选拔任用应当严格执行规定程序，不得突击提拔、超职数配备。"),
    ("党委（党组）意识形态工作责任制实施办法", "第四条", "党委（党组）对本地区本部门本单位意识形态工作负主体责任。"),
    ("中华人民共和国土地管理法", "第四十四条", "建设占用土地涉及农用地转为建设用地的，应当办理农用地转用审批手续。"),
    ("矿产资源法", "第三条", "勘查、开采矿产资源，必须依法申请登记，取得探矿权、采矿权。"),
]


def seed(apps, schema_editor):
    BasisClause = apps.get_model("inspections", "BasisClause")
    for source, article, excerpt in CLAUSES:
        BasisClause.objects.get_or_create(source=source, article=article,
                                          defaults={"excerpt": excerpt})


class Migration(migrations.Migration):
    dependencies = [("inspections", "0003_fieldwork_findings_reports")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
