// The page of report-convert serve: one request per chosen format (POST /convert), each
// output kept in the browser as a blob for its download link; the PDF shown in a frame.
"use strict";

const FORMAT_NAMES = { xml: "模型 XML", txt: "纯文本 TXT", docx: "Word（DOCX）", pdf: "PDF", epub: "电子书 EPUB", ofd: "版式文件 OFD" };
const CHOICE_NAMES = { keep: "保持原文", hans: "简体", hant: "繁体", mainland: "大陆用语", taiwan: "台湾用语" };
const FIELD_NAMES = { script: "字形", vocabulary: "用语", form: "公文格式" };
const $ = (id) => document.getElementById(id);
let made = [];  // the blob URLs of the last conversion, revoked before the next
let step = 0;  // the output being made, counted from 0

function headers() {
  const token = $("token").value.trim();
  return token ? { Authorization: "Bearer " + token } : {};
}

async function getJSON(path) {
  const response = await fetch(path, { headers: headers() });
  if (response.status === 401) { $("token-box").open = true; throw new Error("此服务需要访问令牌"); }
  if (!response.ok) throw new Error(path + "：" + response.status);
  return response.json();
}

async function loadOptions() {
  const [options, styles] = await Promise.all([getJSON("/options"), getJSON("/styles")]);
  const formats = $("formats");
  formats.textContent = "";
  for (const name of options.formats) {
    const label = document.createElement("label");
    const box = document.createElement("input");
    Object.assign(box, { type: "checkbox", name: "to", value: name, checked: name === "pdf", id: "format-" + name });
    label.append(box, " " + (FORMAT_NAMES[name] || name));
    formats.append(label);
  }
  const style = $("style");
  style.textContent = "";
  for (const s of styles) style.append(new Option(s.description ? `${s.name}（${s.description}）` : s.name, s.name));
  style.value = styles.some((s) => s.name === "official") ? "official" : style.value;
  // Every option of the command with a fixed set of values (字形, and any the command gains).
  const fields = $("choice-fields");
  fields.textContent = "";
  for (const field of options.fields) {
    if (!field.choices || field.file || field.name === "to") continue;
    const label = document.createElement("label");
    const select = document.createElement("select");
    select.id = "field-" + field.name;
    select.dataset.field = field.name;
    if (field.default === null) select.append(new Option("（默认）", ""));
    for (const choice of field.choices) select.append(new Option(CHOICE_NAMES[choice] || choice, choice));
    if (field.default !== null) select.value = field.default;
    label.title = field.help || "";
    label.append((FIELD_NAMES[field.name] || field.name) + " ", select);
    fields.append(label);
  }
}

function send(file, format) {
  // XMLHttpRequest rather than fetch: it reports the upload's progress.
  return new Promise((resolve, reject) => {
    const data = new FormData();
    data.append("file", file);
    data.append("to", format);
    data.append("style", $("style").value);
    for (const select of document.querySelectorAll("#choice-fields select")) {
      if (select.value) data.append(select.dataset.field, select.value);
    }
    const request = new XMLHttpRequest();
    request.open("POST", "/convert");
    for (const [name, value] of Object.entries(headers())) request.setRequestHeader(name, value);
    request.responseType = "blob";
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) $("progress").value = step + 0.5 * Math.min(event.loaded / event.total, 1);  // the upload: half a step
    };
    request.onload = async () => {
      if (request.status === 200) {
        const disposition = request.getResponseHeader("Content-Disposition") || "";
        const match = /filename\*=UTF-8''([^;]+)/.exec(disposition);
        resolve({ blob: request.response, name: match ? decodeURIComponent(match[1]) : "output." + format });
      } else {
        let message = "转换失败（" + request.status + "）";
        try { message = JSON.parse(await request.response.text()).error || message; } catch (e) { /* not JSON */ }
        reject(new Error(message));
      }
    };
    request.onerror = () => reject(new Error("无法连接到转换服务"));
    request.send(data);
  });
}


async function convert(event) {
  event.preventDefault();
  const file = $("file").files[0];
  const formats = [...document.querySelectorAll("#formats input:checked")].map((box) => box.value);
  $("error").hidden = true;
  if (!file) return fail("请先选择要转换的文件");
  if (!formats.length) return fail("请至少选择一种输出格式");
  for (const url of made) URL.revokeObjectURL(url);
  made = [];
  $("downloads").textContent = "";
  $("results").hidden = $("viewer").hidden = true;
  $("convert").disabled = true;
  $("progress-box").hidden = false;
  $("progress").max = formats.length;
  try {
    for (const [index, format] of formats.entries()) {
      step = index;
      $("progress").value = index;
      $("status").textContent = `正在转换 ${FORMAT_NAMES[format] || format}（${index + 1}/${formats.length}）…`;
      const output = await send(file, format);
      const url = URL.createObjectURL(output.blob);
      made.push(url);
      const item = document.createElement("li");
      const link = document.createElement("a");
      Object.assign(link, { href: url, download: output.name, className: "download", textContent: output.name });
      link.dataset.format = format;
      const size = document.createElement("span");
      size.className = "size";
      size.textContent = `${FORMAT_NAMES[format] || format}，${(output.blob.size / 1024).toFixed(0)} KB`;
      item.append(link, size);
      $("downloads").append(item);
      $("results").hidden = false;
      if (format === "pdf") {
        $("pdf-view").src = url;
        $("pdf-open").href = url;
        $("viewer").hidden = false;
      }
    }
    $("progress").value = formats.length;
    $("status").textContent = `完成：${formats.length} 个文件`;
  } catch (error) {
    fail(error.message);
    $("status").textContent = "转换未完成";
  } finally {
    $("convert").disabled = false;
  }
}

function fail(message) {
  $("error").textContent = message;
  $("error").hidden = false;
}

function setUpDrop() {
  const drop = $("drop");
  const show = () => { const file = $("file").files[0]; $("drop-text").textContent = file ? "已选择：" + file.name : "将文件拖放到此处，或点击选择文件"; };
  for (const name of ["dragenter", "dragover"]) drop.addEventListener(name, (e) => { e.preventDefault(); drop.classList.add("over"); });
  for (const name of ["dragleave", "drop"]) drop.addEventListener(name, () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => { e.preventDefault(); if (e.dataTransfer.files.length) { $("file").files = e.dataTransfer.files; show(); } });
  $("file").addEventListener("change", show);
}

$("token").value = localStorage.getItem("report-convert-token") || "";
$("token").addEventListener("change", () => { localStorage.setItem("report-convert-token", $("token").value); loadOptions().catch((e) => fail(e.message)); });
$("form").addEventListener("submit", convert);
setUpDrop();
loadOptions().catch((e) => fail(e.message));
