"""Models of the five GB/T 9704 formats with a 版头, for the writers' tests (built here, valid
against the schema: docs/example.xml shows a masthead with every field)."""
from __future__ import annotations

import base64
import io

from convert.readers import xml

BODY = "为进一步做好相关工作，现将有关事项通知如下。" * 3

FORMS = {
    "general": dict(issuer="江苏省人民政府", docnumber="苏政发〔2021〕12号", title="关于做好春季农业生产工作的通知",
                    fields="<copy>000123</copy><secrecy>秘密★1年</secrecy><urgency>特急</urgency>"),
    "upward": dict(issuer="江苏省人民政府", docnumber="苏政〔2021〕5号", title="关于申请专项资金的请示",
                   fields="<urgency>加急</urgency>", signers=("张三", "李四")),
    "letter": dict(issuer="江苏省人民政府办公厅", docnumber="苏政办函〔2021〕7号", title="关于商请支持有关工作的函",
                   fields="<copy>000045</copy>", paragraphs=14),  # two pages: the second is numbered
    "order": dict(issuer="江苏省人民政府", docnumber=None, title="江苏省人民政府令", order="第148号",
                  signature="省长　吴政隆"),
    "minutes": dict(issuer=None, docnumber=None, title="省政府常务会议纪要",
                    attendance=(("present", "出席：", "吴政隆、费高云、樊金龙、马欣、陈星莺、胡广杰、赵世勇、王晖、刘旸、张乐夫"),
                                ("leave", "请假：", "惠建林"))),
}


def model_xml(form: str, *, mark: str = "", joint: tuple[str, ...] = (), seal: bool = False, masthead: bool = True) -> str:
    spec = FORMS[form]
    paragraphs = f"<p>{BODY}</p>" * spec.get("paragraphs", 1)
    meta = f'<title origin="text">{spec["title"]}</title>'
    if spec["issuer"]:
        meta += f"<issuer>{spec['issuer']}</issuer>"
    if spec["docnumber"]:
        meta += f"<docnumber>{spec['docnumber']}</docnumber>"
    if masthead:
        inner = spec.get("fields", "")
        if joint:
            inner += '<mark suffix="文件">' + "".join(f"<organ>{o}</organ>" for o in joint) + "</mark>"
        elif mark:
            inner += mark
        inner += "".join(f"<signer>{s}</signer>" for s in spec.get("signers", ()))
        if spec.get("order"):
            inner += f"<order>{spec['order']}</order>"
        if seal:
            inner += f'<seal width-mm="40">{seal_image()}</seal>'
        meta += f'<masthead form="{form}">{inner}</masthead>'
    ending = "".join(f'<attendance kind="{k}" label="{label}">{names}</attendance>'
                     for k, label, names in spec.get("attendance", ()))
    signature = spec.get("signature") or spec["issuer"]
    ending += (f"<closing><signature>{signature}</signature>" if signature else "<closing>") + \
        '<date when="2021-03-26">2021年3月26日</date></closing>'
    return (f'<report version="1" xml:lang="zh-Hans"><meta>{meta}<source>t.txt</source><transforms/></meta>'
            f"<body><p>{BODY}</p>{paragraphs}</body>{ending}</report>")


def model(form: str, **kw):
    return xml.parse(model_xml(form, **kw).encode("utf-8"))


def seal_image() -> str:
    """A red ring, 200 px, transparent around it: the seal a user would give."""
    from PIL import Image, ImageDraw

    img = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    ImageDraw.Draw(img).ellipse((4, 4, 196, 196), outline=(230, 0, 0, 255), width=10)
    buffer = io.BytesIO()
    img.save(buffer, "PNG")
    data = base64.b64encode(buffer.getvalue()).decode()
    lines = "\n".join(data[i:i + 76] for i in range(0, len(data), 76))
    return f'<image type="image/png" width="200" height="200">{lines}</image>'
