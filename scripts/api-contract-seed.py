"""Gives the API contract check (scripts/api-contract.sh) real things to ask about.

Generated codes and keys almost never name a dossier, a payment or a hand-off, so without
this the operations behind them would only ever answer 404 and their 200 bodies would go
unchecked. Files a few dossiers through the API, moves them to the states that open the
other operations, and prints a schemathesis.toml that mixes their codes and keys into the
generated requests (half of the time, so malformed and unknown values are still sent).

Usage: python3 api-contract-seed.py BASE_URL > schemathesis.toml
"""

import json
import sys
import urllib.request
import uuid

BASE = sys.argv[1].rstrip("/")
HKD = "1.001612"  # household business: has an online fee, so payments can start
PHONE = "0912345678"


def call(method, path, body=None, headers=None, content_type="application/json"):
    data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
    req = urllib.request.Request(BASE + path, data=data, method=method, headers=dict(headers or {}))
    if data is not None:
        req.add_header("Content-Type", content_type)
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read() or b"null")


def file_dossier(version):
    answers = {
        "owner_full_name": "Nguyễn Văn An", "owner_date_of_birth": "1985-03-12", "owner_sex": "male",
        "owner_cccd": "001085012345", "owner_phone": PHONE, "owner_nationality": "Việt Nam",
        "business_name": "Hộ kinh doanh An Phát",
        "head_office_address": {"province": 1, "ward": 4, "street": "Số 3 phố Kim Mã"},
        "business_phone": PHONE,
        "business_lines": [{"code": "5610", "name": "Nhà hàng và các dịch vụ ăn uống phục vụ lưu động", "is_main": True}],
        "capital": "150000000", "employees": "3", "vat_method": "khoan", "founder_type": "individual",
        "submitted_by": "owner", "commit_data_sharing": True, "commit_eligibility": True,
        "commit_premises": True, "declaration": True,
    }
    part = json.dumps({"procedure_code": HKD, "schema_version": version, "answers": answers}).encode()
    boundary = uuid.uuid4().hex
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="dossier"; filename="dossier.json"\r\n'
        f"Content-Type: application/json\r\n\r\n"
    ).encode() + part + f"\r\n--{boundary}--\r\n".encode()
    receipt = call("POST", "/api/v1/dossiers", body, {"Idempotency-Key": str(uuid.uuid4())},
                   f"multipart/form-data; boundary={boundary}")
    return receipt["code"], receipt["access_key"]


def officer(code, *actions):
    for action in actions:
        call("POST", f"/api/v1/sandbox/officer/dossiers/{code}/actions", action)


def hand_off():
    draft = {
        "id": str(uuid.uuid4()), "procedure": HKD, "procedure_name": "Đăng ký thành lập hộ kinh doanh",
        "schema_version": 1, "step": "chu-ho", "answers": '{"owner_full_name":"Nguyễn Văn An"}',
        "progress_done": 1, "progress_total": 6, "created_ms": 1763781748123.0, "updated_ms": 1763781799456.0,
    }
    export = {"format": "portal-device-export", "version": 1, "exported_ms": 1763781800000.0,
              "drafts": [draft], "attachments": []}
    return call("POST", "/api/v1/handoffs", export)["code"]


version = call("GET", f"/api/v1/forms/{HKD}")["schema"]["version"]
# One dossier in each state that opens an operation: just filed (payments can start),
# waiting for a supplement, and with a result to download.
filed, waiting, done = (file_dossier(version) for _ in range(3))
officer(waiting[0], {"action": "start_processing"}, {"action": "request_supplement", "note": "Bổ sung bản sao CCCD."})
officer(done[0], {"action": "start_processing"}, {"action": "attach_result"})
txn_ref = call("POST", f"/api/v1/dossiers/{filed[0]}/payments", {"return_path": "/thanh-toan/ket-qua"},
               {"X-Dossier-Key": filed[1]})["txn_ref"]
# A code is taken by its first GET, so a few, for more than one 200.
handoffs = [hand_off() for _ in range(3)]

dossiers = [filed, waiting, done]


def values(items):
    return json.dumps(items, ensure_ascii=False)


def binding(location, dictionary):
    return f'"{location}" = {{ dictionary = "{dictionary}", probability = 0.5 }}'


def operation(selector, *bindings):
    return f"[[operations]]\n{selector}\nparameters = {{ {', '.join(bindings)} }}\n"


codes, keys = [c for c, _ in dossiers], [k for _, k in dossiers]
# Where an operation needs a dossier in one state, only that dossier is offered, so a
# quarter of the requests (right code and right key) get past the key check.
print(f"""[dictionaries]
dossier-codes = {{ values = {values(codes)} }}
dossier-keys = {{ values = {values(keys)} }}
waiting-code = {{ values = {values([waiting[0]])} }}
waiting-key = {{ values = {values([waiting[1]])} }}
done-code = {{ values = {values([done[0]])} }}
done-key = {{ values = {values([done[1]])} }}
procedure = {{ values = {values([HKD])} }}
form-version = {{ values = [{version}] }}
phone = {{ values = {values([PHONE])} }}
txn-refs = {{ values = {values([txn_ref])} }}
handoff-codes = {{ values = {values(handoffs)} }}
""")
print(operation('include-path = "/api/v1/dossiers"',
                binding("body.dossier.procedure_code", "procedure"),
                binding("body.dossier.schema_version", "form-version")))
print(operation('include-path = "/api/v1/dossiers/lookup"',
                binding("body.code", "dossier-codes"), binding("body.phone", "phone")))
print(operation('include-path-regex = "^/api/v1/(dossiers/\\\\{code\\\\}(/payments)?|sandbox/officer/dossiers/.*)$"',
                binding("path.code", "dossier-codes"), binding("header.X-Dossier-Key", "dossier-keys")))
print(operation('include-path = "/api/v1/dossiers/{code}/supplement"',
                binding("path.code", "waiting-code"), binding("header.X-Dossier-Key", "waiting-key")))
print(operation('include-path = "/api/v1/dossiers/{code}/result"',
                binding("path.code", "done-code"), binding("query.key", "done-key")))
print(operation('include-path = "/api/v1/payments/{txn_ref}"', binding("path.txn_ref", "txn-refs")))
print(operation('include-path = "/api/v1/handoffs/{code}"', binding("path.code", "handoff-codes")))
