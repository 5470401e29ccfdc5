// The dev console: a small Webex client of the sandbox. Everything goes through the simulated REST API
// (/sandbox/webex/v1) with the chosen person's token, exactly as a Webex client would; the only sandbox-only
// call is the identity list (/sandbox/identities) that hands out the seeded people's tokens.
(function () {
  "use strict";

  const api = "/sandbox/webex/v1";
  const pollMs = 1500;
  const pageSize = 50;
  const roomsRefreshMs = 10000;
  const $ = (id) => document.getElementById(id);
  const t = ConsoleText.t;
  const fileIcon = '<svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><path d="M6 2h8l6 6v14H6z" fill="none" stroke="currentColor" stroke-width="1.6"/><path d="M14 2v6h6" fill="none" stroke="currentColor" stroke-width="1.6"/></svg>';

  const state = {
    me: null,            // the identity acting: {id, email, displayName, token, isBot, roles}
    room: null,          // {id, title, type}
    members: [],         // memberships of the room
    rendered: new Map(), // message id -> {stamp, element}
    replyTo: null,       // message id the next message replies to
    file: null,
    mentions: [],        // [{id, name}] chosen through the @ popup, turned into markup on send
    pollTimer: null,
    pollSequence: 0,
    who: 0,              // bumps on every identity switch: the room list refresh belongs to one identity
    roomsShown: "",      // what the room list shows (ids and titles), so a refresh redraws only on change
    generation: 0,       // bumps on every identity/room switch, so late answers of the old room are dropped
  };

  // ---- REST -------------------------------------------------------------------------------------------

  async function call(method, path, body) {
    const headers = { Authorization: `Bearer ${state.me.token}` };
    let payload;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) { headers["Content-Type"] = "application/json"; payload = JSON.stringify(body); }
    const response = await fetch(path.startsWith("http") || path.startsWith("/sandbox") ? path : api + path,
      { method, headers, body: payload });
    if (!response.ok) {
      let message = `${response.status} ${response.statusText}`;
      try { const error = await response.json(); if (error.message) message = `${error.message} (${response.status})`; } catch { /* not JSON */ }
      throw new Error(message);
    }
    return response;
  }

  const getJson = async (path) => (await call("GET", path)).json();

  // ---- small helpers -------------------------------------------------------------------------------------

  const escapeHtml = WebexCards.escapeHtml;

  function initials(name) {
    const parts = String(name || "?").trim().split(/\s+/);
    return ((parts[0] || "?")[0] + (parts.length > 1 ? parts[parts.length - 1][0] : "")).toUpperCase();
  }

  function time(iso) {
    if (!iso) return "";
    const date = new Date(iso);
    return isNaN(date) ? "" : date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  let toastTimer;
  function showError(message) {
    const toast = $("toast");
    toast.textContent = message;
    toast.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { toast.hidden = true; }, 6000);
  }

  // ---- identities ----------------------------------------------------------------------------------------

  let searchTimer;
  async function searchIdentities(query) {
    const list = $("identity-list");
    try {
      const response = await fetch(`/sandbox/identities?q=${encodeURIComponent(query)}&max=25`);
      if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
      const { items } = await response.json();
      list.replaceChildren(...items.map(identityItem));
      if (!items.length) list.innerHTML = `<li class="empty">${escapeHtml(t("people.none"))}</li>`;
      return items;
    } catch (error) {
      list.innerHTML = `<li class="empty">${escapeHtml(t("people.failed", error.message))}</li>`;
      return [];
    }
  }

  function isAdmin(identity) {
    return (identity.roles || []).some((role) => /admin/i.test(role));
  }

  function identityItem(identity) {
    const li = document.createElement("li");
    li.setAttribute("role", "option");
    li.dataset.email = identity.email;
    if (state.me && state.me.id === identity.id) li.classList.add("selected");
    const badge = identity.isBot ? `<span class="badge bot">${escapeHtml(t("people.badge.bot"))}</span>`
      : isAdmin(identity) ? `<span class="badge admin">${escapeHtml(t("people.badge.admin"))}</span>` : "";
    li.innerHTML = `<span class="avatar ${identity.isBot ? "bot" : ""}">${escapeHtml(initials(identity.displayName))}</span>
      <span class="text"><span class="name">${escapeHtml(identity.displayName || identity.email)}${badge}</span>
      <span class="detail">${escapeHtml(identity.email)}</span></span>`;
    li.addEventListener("click", () => chooseIdentity(identity));
    return li;
  }

  async function chooseIdentity(identity) {
    state.me = identity;
    state.generation++;
    const who = ++state.who;
    stopPolling();
    localStorage.setItem("console.as", identity.email);
    $("whoami").innerHTML = escapeHtml(t("signed.in", "\u0000")).replace("\u0000", `<strong>${escapeHtml(identity.displayName || identity.email)}</strong>`);
    for (const li of $("identity-list").children) li.classList.toggle("selected", li.dataset.email === identity.email);
    clearRoom();
    await loadRooms();
    setTimeout(() => refreshRooms(who), roomsRefreshMs);
  }

  // ---- rooms ---------------------------------------------------------------------------------------------

  async function loadRooms() {
    const list = $("room-list");
    const generation = state.generation;
    try {
      const { items } = await getJson("/rooms?max=100");
      if (generation !== state.generation) return;
      await nameDirectRooms(items);
      if (generation !== state.generation) return;
      showRooms(items);
      const wanted = new URLSearchParams(location.search).get("room") || localStorage.getItem("console.room");
      const room = items.find((r) => r.id === wanted || r.title === wanted);
      if (room) await chooseRoom(room);
    } catch (error) {
      list.innerHTML = `<li class="empty">${escapeHtml(t("spaces.failed", error.message))}</li>`;
    }
  }

  function showRooms(rooms) {
    const list = $("room-list");
    state.roomsShown = rooms.map((r) => `${r.id}|${r.title}`).join("\n");
    list.replaceChildren(...rooms.map(roomItem));
    if (!rooms.length) list.innerHTML = `<li class="empty">${escapeHtml(t("spaces.none"))}</li>`;
  }

  // Spaces appear while the console is open (someone adds you, the bot writes to you directly).
  async function refreshRooms(who) {
    if (who !== state.who) return;
    try {
      const { items } = await getJson("/rooms?max=100");
      await nameDirectRooms(items);
      if (who !== state.who) return;
      if (items.map((r) => `${r.id}|${r.title}`).join("\n") !== state.roomsShown) showRooms(items);
    } catch { /* the next refresh tries again */ }
    if (who === state.who) setTimeout(() => refreshRooms(who), roomsRefreshMs);
  }

  // Webex names a direct space after the other person; the API leaves its title to the client.
  async function nameDirectRooms(rooms) {
    await Promise.all(rooms.filter((room) => room.type === "direct" && !room.title).map(async (room) => {
      try {
        const { items } = await getJson(`/memberships?roomId=${encodeURIComponent(room.id)}`);
        const other = items.find((m) => m.personId !== state.me.id);
        room.title = other ? other.personDisplayName || other.personEmail : t("space.direct.untitled");
      } catch {
        room.title = t("space.direct.untitled");
      }
    }));
  }

  function roomItem(room) {
    const li = document.createElement("li");
    li.setAttribute("role", "option");
    li.dataset.roomId = room.id;
    if (state.room && state.room.id === room.id) li.classList.add("selected");
    li.innerHTML = `<span class="avatar">${escapeHtml(initials(room.title))}</span>
      <span class="text"><span class="name">${escapeHtml(room.title || room.id)}</span>
      <span class="detail">${escapeHtml(t(room.type === "direct" ? "space.direct" : "space.group"))}</span></span>`;
    li.addEventListener("click", () => chooseRoom(room));
    return li;
  }

  function clearRoom() {
    state.room = null;
    state.members = [];
    state.rendered.clear();
    state.mentions = [];
    setReply(null);
    $("messages").innerHTML = `<div class="placeholder">${escapeHtml(t("choose.space"))}</div>`;
    $("room-title").textContent = t("choose.space.title");
    $("room-members").textContent = "";
    $("message-input").disabled = true;
    $("send-button").disabled = true;
  }

  async function chooseRoom(room) {
    clearRoom();
    const generation = ++state.generation;
    state.room = room;
    localStorage.setItem("console.room", room.id);
    for (const li of $("room-list").children) li.classList.toggle("selected", li.dataset.roomId === room.id);
    $("room-title").textContent = room.title || room.id;
    $("messages").innerHTML = "";
    $("message-input").disabled = false;
    $("send-button").disabled = false;
    $("message-input").placeholder = t(room.type === "direct" ? "composer.placeholder.direct" : "composer.placeholder.group", room.title);
    try {
      const { items } = await getJson(`/memberships?roomId=${encodeURIComponent(room.id)}&max=500`);
      if (generation !== state.generation) return;
      state.members = items;
      $("room-members").textContent = t("members", items.length,
        items.slice(0, 8).map((m) => m.personDisplayName || m.personEmail).join(", ") + (items.length > 8 ? ", …" : ""));
    } catch (error) {
      showError(t("members.failed", error.message));
    }
    await poll(generation);
    $("message-input").focus();
  }

  function memberName(personId, email) {
    const member = state.members.find((m) => m.personId === personId);
    return (member && (member.personDisplayName || member.personEmail)) || email || t("someone");
  }

  function isBotPerson(personId, email) {
    return /\.bot$/i.test(email || "") || state.members.some((m) => m.personId === personId && /\.bot$/i.test(m.personEmail || ""));
  }

  // ---- messages ------------------------------------------------------------------------------------------

  function stopPolling() {
    clearTimeout(state.pollTimer);
    state.pollTimer = null;
  }

  // One poll loop at a time: a poll started later (after sending) supersedes one still waiting for its answer.
  async function poll(generation) {
    stopPolling();
    const sequence = ++state.pollSequence;
    const current = () => generation === state.generation && sequence === state.pollSequence;
    if (!state.room || !current()) return;
    try {
      const { items } = await getJson(`/messages?roomId=${encodeURIComponent(state.room.id)}&max=${pageSize}`);
      if (!current()) return;
      showMessages(items.slice().reverse()); // the API answers newest first; a chat reads oldest first
    } catch (error) {
      if (!current()) return;
      showError(t("messages.failed", error.message));
    }
    state.pollTimer = setTimeout(() => poll(generation), pollMs);
  }

  function showMessages(messages) {
    const container = $("messages");
    const nearBottom = container.scrollHeight - container.scrollTop - container.clientHeight < 80;
    const ids = new Set(messages.map((m) => m.id));
    const oldest = messages.length ? messages[0].created : null;

    // Drop messages deleted since (only within the window we can see).
    for (const [id, entry] of state.rendered) {
      if (!ids.has(id) && oldest && entry.created >= oldest) {
        // Replies inside a deleted parent go with it; forget them so they come back on their own.
        for (const reply of entry.element.querySelectorAll(".entry")) state.rendered.delete(reply.dataset.messageId);
        entry.element.remove();
        state.rendered.delete(id);
      }
    }

    let added = false;
    for (const message of messages) {
      const stamp = `${message.updated || message.created}|${(message.files || []).length}`;
      const existing = state.rendered.get(message.id);
      if (existing && existing.stamp === stamp) continue;
      const element = messageElement(message);
      if (existing) {
        // Keep a card that is already on screen (its inputs hold what the person typed); update text only.
        existing.element.querySelector(":scope > .message").replaceWith(element.querySelector(":scope > .message"));
        existing.stamp = stamp;
        continue;
      }
      const parent = message.parentId && state.rendered.get(message.parentId);
      if (parent) parent.element.querySelector(":scope > .thread").appendChild(element);
      else container.appendChild(element);
      state.rendered.set(message.id, { stamp, element, created: message.created });
      added = true;
    }
    if (added && nearBottom) container.scrollTop = container.scrollHeight;
  }

  function messageElement(message) {
    const wrapper = document.createElement("div");
    wrapper.className = "entry";
    wrapper.dataset.messageId = message.id;

    const row = document.createElement("div");
    row.className = "message";
    const bot = isBotPerson(message.personId, message.personEmail);
    const author = memberName(message.personId, message.personEmail);
    row.innerHTML = `<span class="avatar ${bot ? "bot" : ""}">${escapeHtml(initials(author))}</span>
      <div class="body">
        <div class="meta"><span class="author">${escapeHtml(author)}</span>
          <span class="time" title="${escapeHtml(message.created || "")}">${escapeHtml(time(message.created))}</span>
          ${message.updated ? `<span class="edited">${escapeHtml(t("message.edited"))}</span>` : ""}
          ${message.parentId ? "" : `<span class="actions"><button type="button" class="link-button reply">${escapeHtml(t("message.reply"))}</button></span>`}
        </div>
        <div class="content"></div>
      </div>`;
    const content = row.querySelector(".content");
    const card = (message.attachments || []).find((a) => a.contentType === "application/vnd.microsoft.card.adaptive");
    if (card) content.appendChild(cardElement(message, card.content));
    else content.innerHTML = WebexCards.markdown(message.markdown || message.text || "");
    if ((message.files || []).length) content.appendChild(filesElement(message.files));
    const reply = row.querySelector("button.reply");
    if (reply) reply.addEventListener("click", () => setReply(message));

    wrapper.appendChild(row);
    const thread = document.createElement("div");
    thread.className = "thread";
    wrapper.appendChild(thread);
    return wrapper;
  }

  function cardElement(message, cardJson) {
    const host = document.createElement("div");
    host.className = "card-host";
    const status = document.createElement("div");
    status.className = "card-status";
    try {
      const rendered = WebexCards.render(cardJson, (inputs) => submitCard(message, inputs, status));
      if (rendered) host.appendChild(rendered);
      else host.textContent = message.text || t("card.unreadable");
    } catch (error) {
      host.textContent = t("card.failed", error.message);
    }
    const outer = document.createElement("div");
    outer.append(host, status);
    return outer;
  }

  async function submitCard(message, inputs, status) {
    status.className = "card-status";
    status.textContent = t("card.sending");
    try {
      await call("POST", "/attachment/actions", { type: "submit", messageId: message.id, inputs });
      status.textContent = t("card.sent");
      setTimeout(() => { if (status.textContent === t("card.sent")) status.textContent = ""; }, 3000);
    } catch (error) {
      status.className = "card-status error";
      status.textContent = t("card.send.failed", error.message);
    }
  }

  function filesElement(urls) {
    const files = document.createElement("div");
    files.className = "files";
    urls.forEach((url, i) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "file";
      button.innerHTML = `${fileIcon}<span class="file-name">${escapeHtml(urls.length > 1 ? t("file.numbered", i + 1) : t("file"))}</span>`;
      button.title = t("file.download");
      button.addEventListener("click", () => download(url, button));
      files.appendChild(button);
      describeFile(url, button);
    });
    return files;
  }

  function fileName(response) {
    const disposition = response.headers.get("Content-Disposition") || "";
    const star = /filename\*=(?:UTF-8'')?([^;]+)/i.exec(disposition);
    if (star) return decodeURIComponent(star[1].replace(/"/g, ""));
    const plain = /filename="?([^";]+)"?/i.exec(disposition);
    return plain ? plain[1] : "download";
  }

  // Shows the file's name (the content API is the only place that has it).
  async function describeFile(url, button) {
    try {
      const response = await call("GET", url);
      button.querySelector(".file-name").textContent = fileName(response);
      button.dataset.ready = "true";
      if (Number(response.headers.get("Content-Length") || 0) <= 2 * 1024 * 1024) {
        button._blob = { blob: await response.blob(), name: fileName(response) };
      } else if (response.body) {
        await response.body.cancel(); // a big file is fetched again when clicked
      }
    } catch { /* the click will report it */ }
  }

  async function download(url, button) {
    try {
      let file = button._blob;
      if (!file) {
        const response = await call("GET", url);
        file = { blob: await response.blob(), name: fileName(response) };
      }
      const link = document.createElement("a");
      link.href = URL.createObjectURL(file.blob);
      link.download = file.name;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    } catch (error) {
      showError(t("file.download.failed", error.message));
    }
  }

  // ---- composer ------------------------------------------------------------------------------------------

  function setReply(message) {
    state.replyTo = message ? message.id : null;
    $("reply-banner").hidden = !message;
    if (message) {
      $("reply-text").textContent = t("composer.reply", memberName(message.personId, message.personEmail));
      $("message-input").focus();
    }
  }

  function setFile(file) {
    state.file = file || null;
    $("attachment-banner").hidden = !file;
    $("attachment-name").textContent = file ? t("composer.attached", file.name) : "";
    if (!file) $("file-input").value = "";
  }

  // "@Licen" before the caret opens the popup of the room's members.
  function mentionQuery() {
    const input = $("message-input");
    const before = input.value.slice(0, input.selectionStart);
    const match = /(^|\s)@([^\s@]*)$/.exec(before);
    return match ? { query: match[2], start: before.length - match[2].length - 1 } : null;
  }

  let mentionChoices = [];
  let mentionActive = 0;
  function updateMentionPopup() {
    const popup = $("mention-popup");
    const mention = mentionQuery();
    if (!mention) { popup.hidden = true; return; }
    const query = mention.query.toLowerCase();
    mentionChoices = state.members
      .filter((m) => m.personId !== state.me.id)
      .map((m) => ({ id: m.personId, name: m.personDisplayName || m.personEmail, email: m.personEmail }))
      .filter((m) => !query || m.name.toLowerCase().includes(query) || (m.email || "").toLowerCase().startsWith(query))
      .sort((a, b) => Number(/\.bot$/i.test(b.email || "")) - Number(/\.bot$/i.test(a.email || "")) || a.name.localeCompare(b.name))
      .slice(0, 8);
    if (!mentionChoices.length) { popup.hidden = true; return; }
    mentionActive = Math.min(mentionActive, mentionChoices.length - 1);
    popup.replaceChildren(...mentionChoices.map((choice, i) => {
      const li = document.createElement("li");
      li.setAttribute("role", "option");
      li.className = i === mentionActive ? "active" : "";
      li.innerHTML = `<span class="avatar ${/\.bot$/i.test(choice.email || "") ? "bot" : ""}">${escapeHtml(initials(choice.name))}</span>${escapeHtml(choice.name)}`;
      li.addEventListener("mousedown", (event) => { event.preventDefault(); insertMention(choice); });
      return li;
    }));
    popup.hidden = false;
  }

  function insertMention(choice) {
    const input = $("message-input");
    const mention = mentionQuery();
    if (!mention) return;
    const before = input.value.slice(0, mention.start);
    const after = input.value.slice(input.selectionStart);
    const text = `@${choice.name} `;
    input.value = before + text + after;
    const caret = before.length + text.length;
    input.setSelectionRange(caret, caret);
    state.mentions.push({ id: choice.id, name: choice.name });
    $("mention-popup").hidden = true;
    autosize();
    input.focus();
  }

  // The text as typed, and the markdown Webex receives: each chosen "@Name" becomes <@personId:ID|Name>.
  function outgoing(value) {
    let markdownText = value;
    let plain = value;
    let mentioned = false;
    for (const mention of state.mentions) {
      const token = `@${mention.name}`;
      if (!markdownText.includes(token)) continue;
      markdownText = markdownText.replace(token, `<@personId:${mention.id}|${mention.name}>`);
      plain = plain.replace(token, mention.name);
      mentioned = true;
    }
    return { text: plain, markdown: mentioned ? markdownText : null };
  }

  async function send(event) {
    event.preventDefault();
    const input = $("message-input");
    const value = input.value.trim();
    if (!state.room || (!value && !state.file)) return;
    const { text, markdown: markdownText } = outgoing(value);
    $("send-button").disabled = true;
    try {
      if (state.file) {
        const form = new FormData();
        form.append("roomId", state.room.id);
        if (state.replyTo) form.append("parentId", state.replyTo);
        if (text) form.append("text", text);
        if (markdownText) form.append("markdown", markdownText);
        form.append("files", state.file, state.file.name);
        await call("POST", "/messages", form);
      } else {
        const body = { roomId: state.room.id, text };
        if (markdownText) body.markdown = markdownText;
        if (state.replyTo) body.parentId = state.replyTo;
        await call("POST", "/messages", body);
      }
      input.value = "";
      state.mentions = [];
      setFile(null);
      setReply(null);
      autosize();
      const container = $("messages");
      container.scrollTop = container.scrollHeight;
      await poll(state.generation);
    } catch (error) {
      showError(t("composer.send.failed", error.message));
    } finally {
      $("send-button").disabled = false;
    }
  }

  function autosize() {
    const input = $("message-input");
    input.style.height = "auto";
    input.style.height = `${Math.min(input.scrollHeight + 2, 160)}px`;
  }

  function onKeyDown(event) {
    const popup = $("mention-popup");
    if (!popup.hidden) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        mentionActive = (mentionActive + (event.key === "ArrowDown" ? 1 : mentionChoices.length - 1)) % mentionChoices.length;
        updateMentionPopup();
        event.preventDefault();
        return;
      }
      if (event.key === "Enter" || event.key === "Tab") {
        insertMention(mentionChoices[mentionActive]);
        event.preventDefault();
        return;
      }
      if (event.key === "Escape") { popup.hidden = true; return; }
    }
    if (event.key === "Enter" && !event.shiftKey) $("composer").requestSubmit();
    if (event.key === "Enter" && !event.shiftKey) event.preventDefault();
  }

  // ---- start ---------------------------------------------------------------------------------------------

  async function start() {
    ConsoleText.apply(document);
    clearRoom();
    $("room-title").textContent = t("choose.identity.title");
    $("messages").innerHTML = `<div class="placeholder">${escapeHtml(t("choose.identity"))}</div>`;
    $("identity-search").addEventListener("input", (event) => {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(() => searchIdentities(event.target.value.trim()), 200);
    });
    $("composer").addEventListener("submit", send);
    $("message-input").addEventListener("input", () => { mentionActive = 0; updateMentionPopup(); autosize(); });
    $("message-input").addEventListener("keydown", onKeyDown);
    $("message-input").addEventListener("blur", () => { $("mention-popup").hidden = true; });
    $("file-input").addEventListener("change", (event) => setFile(event.target.files[0]));
    $("attachment-remove").addEventListener("click", () => setFile(null));
    $("reply-cancel").addEventListener("click", () => setReply(null));

    const wanted = new URLSearchParams(location.search).get("as") || localStorage.getItem("console.as");
    if (wanted) $("identity-search").value = wanted;
    const people = await searchIdentities(wanted || "");
    const me = wanted && people.find((p) => p.email === wanted || p.id === wanted);
    if (me) await chooseIdentity(me);
  }

  start();
})();
