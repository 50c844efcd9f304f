// Docent browser UI: plain JavaScript, same-origin API only. All server text goes through textContent, never innerHTML.
(() => {
  'use strict';

  const $ = (id) => document.getElementById(id);
  const KEY_STORAGE = 'docent.apiKey';
  const state = {
    collection: localStorage.getItem('docent.collection') || 'default',
    conversationId: null, // the open chat's id on the server: follow-up questions are condensed in it
    documents: [],
    asking: false,
    controller: null, // aborts the answer being streamed (Stop)
    lastMarker: null,
  };

  // ---- API helpers -------------------------------------------------------------------------------------------

  function authHeaders(headers = {}) {
    const key = localStorage.getItem(KEY_STORAGE);
    return key ? { ...headers, Authorization: 'Bearer ' + key } : headers;
  }

  class ApiError extends Error {
    constructor(status, message) { super(message); this.status = status; }
  }

  /** The problem+json detail of a failed response, or a plain description. */
  async function problemOf(response) {
    let detail = '';
    try {
      const text = await response.text();
      try {
        const json = JSON.parse(text);
        detail = json.detail || json.title || (json.error && json.error.message) || '';
      } catch { detail = text.slice(0, 300); }
    } catch { /* body unreadable */ }
    return new ApiError(response.status, detail || `The server answered ${response.status} ${response.statusText}.`);
  }

  async function api(path, options = {}) {
    const response = await fetch(path, { ...options, headers: authHeaders(options.headers || {}) });
    if (response.status === 401) { askForKey(); throw new ApiError(401, 'The server needs an API key: enter it above.'); }
    if (!response.ok) throw await problemOf(response);
    if (response.status === 204) return null;
    const type = response.headers.get('content-type') || '';
    return type.includes('json') ? response.json() : response.text();
  }

  const enc = encodeURIComponent;

  // ---- Errors and the API key --------------------------------------------------------------------------------

  function showError(error) {
    $('error-text').textContent = error instanceof Error ? error.message : String(error);
    $('error').hidden = false;
  }

  function clearError() { $('error').hidden = true; $('error-text').textContent = ''; }

  function askForKey() {
    const form = $('key-form');
    if (form.hidden) { form.hidden = false; $('api-key').focus(); }
  }

  $('key-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const key = $('api-key').value.trim();
    if (!key) return;
    localStorage.setItem(KEY_STORAGE, key);
    $('api-key').value = '';
    $('key-form').hidden = true;
    clearError();
    start();
  });

  $('error-close').addEventListener('click', clearError);

  // ---- Collections -------------------------------------------------------------------------------------------

  async function loadCollections() {
    try {
      const list = await api('/api/collections');
      const select = $('collection');
      select.replaceChildren();
      if (!list.some((c) => c.name === state.collection)) state.collection = 'default';
      for (const c of list) {
        const option = document.createElement('option');
        option.value = c.name;
        option.textContent = c.name;
        option.selected = c.name === state.collection;
        select.append(option);
      }
      const current = list.find((c) => c.name === state.collection);
      $('collection-stats').textContent = current ? `${current.documents} document${current.documents === 1 ? '' : 's'}, ${current.chunks} passages` : '';
      await loadDocuments();
    } catch (error) { showError(error); }
  }

  $('collection').addEventListener('change', (e) => {
    switchCollection(e.target.value);
  });

  /** Opens collection <name> with the chat last open in it. */
  async function switchCollection(name, conversationId) {
    state.collection = name;
    localStorage.setItem('docent.collection', name);
    clearMessages();
    state.conversationId = null;
    await loadCollections();
    await loadConversations();
    const id = conversationId || localStorage.getItem(conversationKey());
    if (id) await openConversation(id);
    else setConversation(null);
  }

  $('new-collection').addEventListener('submit', async (e) => {
    e.preventDefault();
    const input = $('new-collection-name');
    const name = input.value.trim();
    if (!name) return;
    try {
      await api('/api/collections', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name }) });
      input.value = '';
      state.collection = name;
      clearError();
      await switchCollection(name);
    } catch (error) { showError(error); }
  });

  // ---- Documents ---------------------------------------------------------------------------------------------

  async function loadDocuments() {
    try {
      state.documents = await api(`/api/collections/${enc(state.collection)}/documents`);
    } catch (error) {
      state.documents = [];
      showError(error);
    }
    renderDocuments();
  }

  /** The document list, filtered by title or file name; the list scrolls inside its panel however long it is. */
  function renderDocuments() {
    const list = $('documents');
    list.replaceChildren();
    const all = state.documents;
    const filter = $('document-filter').value.trim().toLowerCase();
    const shown = filter
      ? all.filter((d) => [d.title, d.source, d.fileName].some((s) => (s || '').toLowerCase().includes(filter)))
      : all;
    $('documents-empty').hidden = all.length > 0;
    $('document-filter').hidden = all.length < 2 && !filter;
    $('documents-count').textContent = filter ? `${shown.length} of ${all.length} documents` : '';
    for (const d of shown) list.append(documentItem(d));
  }

  $('document-filter').addEventListener('input', renderDocuments);

  function documentItem(d) {
    const item = document.createElement('li');
    const text = document.createElement('div');
    const title = document.createElement('span');
    title.className = 'doc-title';
    title.textContent = d.title || d.fileName;
    // The file tells apart documents with the same title (two "Introduction"s).
    const file = document.createElement('span');
    file.className = 'doc-file';
    file.textContent = d.source || d.fileName;
    const meta = document.createElement('span');
    meta.className = 'muted';
    meta.textContent = `${d.format} · ${d.chunks} passage${d.chunks === 1 ? '' : 's'}${d.warnings && d.warnings.length ? ' · ' + d.warnings.length + ' warning(s)' : ''}`;
    if (d.warnings && d.warnings.length) meta.title = d.warnings.join('\n');
    text.append(title, file, meta);
    // The parse-quality report: figures on demand, and a visible line when the document may have been read badly.
    if (d.concerns && d.concerns.length) {
      const concern = document.createElement('span');
      concern.className = 'doc-concern';
      concern.textContent = `Check: ${d.concerns.join('; ')}`;
      text.append(concern);
    }
    if (d.quality) {
      const details = document.createElement('details');
      details.className = 'doc-quality';
      const summary = document.createElement('summary');
      summary.textContent = 'How it was read';
      const figures = document.createElement('div');
      const q = d.quality;
      const rows = [];
      if (q.pages != null) rows.push(`${q.pages} page${q.pages === 1 ? '' : 's'}`);
      rows.push(q.charactersPerPage != null ? `${Math.round(q.charactersPerPage).toLocaleString()} characters per page` : `${q.characters.toLocaleString()} characters`);
      rows.push(`${q.headings} heading${q.headings === 1 ? '' : 's'}`, `${q.tables} table${q.tables === 1 ? '' : 's'}`);
      if (q.ocrPages > 0) rows.push(`${q.ocrPages} page${q.ocrPages === 1 ? '' : 's'} read by OCR, mean confidence ${Math.round(q.ocrMeanConfidence)}%`);
      if (d.pii) rows.push(d.pii);
      if (q.ocrPageConfidences && q.ocrPageConfidences.length > 1) {
        rows.push('OCR confidence by page: ' + q.ocrPageConfidences.map(p => `${p.page}: ${Math.round(p.confidence)}%`).join(', '));
      }
      for (const w of d.warnings || []) rows.push(`Warning: ${w}`);
      for (const r of rows) { const line = document.createElement('span'); line.textContent = r; figures.append(line); }
      details.append(summary, figures);
      text.append(details);
    }
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'delete';
    remove.textContent = 'Delete';
    remove.setAttribute('aria-label', `Delete ${d.title || d.fileName} (${d.source || d.fileName})`);
    remove.addEventListener('click', () => deleteDocument(d));
    item.append(text, remove);
    return item;
  }

  async function deleteDocument(d) {
    if (!confirm(`Delete "${d.title || d.fileName}" from collection "${state.collection}"?`)) return;
    try {
      await api(`/api/collections/${enc(state.collection)}/documents/${enc(d.id)}`, { method: 'DELETE' });
      clearError();
      await loadCollections();
      $('file-input').focus();
    } catch (error) { showError(error); }
  }

  function upload(files) {
    if (!files.length) return;
    const form = new FormData();
    for (const file of files) form.append('files', file, file.name);
    const xhr = new XMLHttpRequest();
    const status = $('upload-status');
    const progress = $('upload-progress');
    const text = $('upload-text');
    status.hidden = false;
    progress.value = 0;
    progress.removeAttribute('aria-busy');
    text.textContent = `Uploading ${files.length} file${files.length === 1 ? '' : 's'}…`;
    $('upload-results').replaceChildren();
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) {
        progress.value = Math.round((e.loaded / e.total) * 100);
        if (e.loaded === e.total) text.textContent = 'Reading and indexing…';
      }
    });
    xhr.addEventListener('load', async () => {
      progress.value = 100;
      if (xhr.status === 401) { status.hidden = true; askForKey(); showError('The server needs an API key: enter it above.'); return; }
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
      if (xhr.status < 200 || xhr.status >= 300) {
        status.hidden = true;
        showError((body && (body.detail || body.title)) || `Upload failed: ${xhr.status} ${xhr.statusText}.`);
        return;
      }
      const results = (body && body.results) || [];
      const failed = results.filter((r) => r.status === 'failed').length;
      text.textContent = `Done: ${results.length - failed} of ${results.length} file${results.length === 1 ? '' : 's'} indexed.`;
      const list = $('upload-results');
      for (const r of results) {
        const item = document.createElement('li');
        item.className = r.status === 'failed' ? 'failed' : 'ok';
        item.textContent = `${r.name}: ${r.status}${r.error ? ' — ' + r.error : ''}`;
        list.append(item);
      }
      clearError();
      await loadCollections();
    });
    xhr.addEventListener('error', () => { status.hidden = true; showError('The upload did not reach the server.'); });
    xhr.open('POST', `/api/collections/${enc(state.collection)}/documents`);
    const headers = authHeaders();
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.send(form);
  }

  $('file-input').addEventListener('change', (e) => {
    const files = Array.from(e.target.files || []);
    e.target.value = '';
    upload(files);
  });

  // ---- Conversations: the chat list, and the open chat kept in the URL and this browser ----------------------

  const ANSWERS_STORAGE = 'docent.answers';
  const conversationKey = () => 'docent.conversation.' + state.collection;

  /** Makes <id> the open conversation (null: a new chat): remembered for this collection and shown in the address. */
  function setConversation(id) {
    state.conversationId = id;
    if (id) localStorage.setItem(conversationKey(), id);
    else localStorage.removeItem(conversationKey());
    const hash = id ? `#chat=${enc(state.collection)}/${enc(id)}` : '';
    if (location.hash !== hash) history.replaceState(null, '', location.pathname + location.search + hash);
    for (const b of $('conversations').querySelectorAll('button')) b.setAttribute('aria-current', String(b.dataset.id === id));
  }

  /** The collection and conversation the address names (#chat=collection/id), or null. */
  function conversationInHash() {
    const m = /^#chat=([^/]+)\/(.+)$/.exec(location.hash);
    if (!m) return null;
    try { return { collection: decodeURIComponent(m[1]), id: decodeURIComponent(m[2]) }; } catch { return null; }
  }

  async function loadConversations() {
    const list = $('conversations');
    try {
      const result = await api(`/api/collections/${enc(state.collection)}/conversations?limit=50`);
      const items = (result && result.conversations) || [];
      list.replaceChildren();
      $('conversations-empty').hidden = items.length > 0;
      for (const c of items) {
        const item = document.createElement('li');
        const button = document.createElement('button');
        button.type = 'button';
        button.dataset.id = c.id;
        button.setAttribute('aria-current', String(c.id === state.conversationId));
        const title = document.createElement('span');
        title.className = 'title';
        title.textContent = c.title;
        title.title = c.title;
        const meta = document.createElement('span');
        meta.className = 'muted';
        meta.textContent = `${c.turns} question${c.turns === 1 ? '' : 's'} · ${new Date(c.updatedAt).toLocaleString()}`;
        button.append(title, meta);
        button.addEventListener('click', () => { closeSidebar(); openConversation(c.id); });
        item.append(button);
        list.append(item);
      }
    } catch (error) { showError(error); }
  }

  /** Shows a stored conversation: its turns from the server, with citations where this browser kept the answers. */
  async function openConversation(id) {
    if (state.asking) return;
    try {
      const conversation = await api(`/api/collections/${enc(state.collection)}/conversations/${enc(id)}`);
      clearMessages();
      setConversation(id);
      const kept = keptAnswers(id);
      for (const t of conversation.turns) {
        addMessage('user', t.question);
        const reply = addMessage('assistant', '');
        renderAnswer(reply, kept[t.ordinal] || {
          question: t.question, answer: t.answer, found: t.found, standaloneQuestion: t.standaloneQuestion,
          conversationId: id, turn: t.ordinal, citations: [], closestPassages: [], unsupported: [],
        }, false);
      }
    } catch (error) {
      if (error.status === 404) { clearMessages(); setConversation(null); } else showError(error);
    }
  }

  /** Answers (with their citations) this browser kept for conversation <id>, by turn. */
  function keptAnswers(id) {
    try {
      const all = JSON.parse(localStorage.getItem(ANSWERS_STORAGE) || '{}');
      return (all[state.collection + '/' + id] || {}).turns || {};
    } catch { return {}; }
  }

  /** Keeps an answer so a reload shows its citations; the 30 most recent conversations are kept. */
  function keepAnswer(answer) {
    if (!answer.conversationId || !answer.turn) return;
    try {
      const all = JSON.parse(localStorage.getItem(ANSWERS_STORAGE) || '{}');
      const key = state.collection + '/' + answer.conversationId;
      const entry = all[key] || { turns: {} };
      entry.at = Date.now();
      entry.turns[answer.turn] = answer;
      all[key] = entry;
      const keys = Object.keys(all).sort((a, b) => (all[b].at || 0) - (all[a].at || 0));
      for (const old of keys.slice(30)) delete all[old];
      localStorage.setItem(ANSWERS_STORAGE, JSON.stringify(all));
    } catch { /* storage full or off: a reload shows the answer without its citations */ }
  }

  // ---- Chat --------------------------------------------------------------------------------------------------

  function clearMessages() {
    closePanel();
    const empty = $('chat-empty') || makeEmpty();
    $('messages').replaceChildren(empty);
    empty.hidden = false;
  }

  function resetChat() {
    clearMessages();
    setConversation(null);
  }

  function makeEmpty() {
    const p = document.createElement('p');
    p.id = 'chat-empty';
    p.className = 'empty';
    p.textContent = 'Ask a question about the documents in this collection.';
    return p;
  }

  $('new-conversation').addEventListener('click', () => { if (!state.asking) { resetChat(); closeSidebar(); $('question').focus(); } });

  function addMessage(role, text) {
    $('chat-empty').hidden = true;
    const article = document.createElement('article');
    article.className = 'message ' + role;
    const who = document.createElement('h3');
    who.className = 'visually-hidden';
    who.textContent = role === 'user' ? 'You asked' : 'Docent answered';
    const body = document.createElement('div');
    body.className = 'body';
    body.textContent = text;
    article.append(who, body);
    $('messages').append(article);
    article.scrollIntoView({ block: 'end' });
    return article;
  }

  /** Reads server-sent events from a fetch response, calling onEvent(name, data) for each. */
  async function readEvents(response, onEvent) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      buffer += decoder.decode(value || new Uint8Array(), { stream: !done });
      buffer = buffer.replace(/\r\n/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let name = 'message';
        const data = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) name = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
        }
        if (data.length) onEvent(name, JSON.parse(data.join('\n')));
      }
      if (done) return;
    }
  }

  function setAsking(asking, controller) {
    state.asking = asking;
    state.controller = controller;
    $('send').hidden = asking;
    $('stop').hidden = !asking;
    $('new-conversation').disabled = asking;
  }

  async function ask(question) {
    if (state.asking) return;
    const controller = new AbortController();
    setAsking(true, controller);
    if (document.activeElement === $('send')) $('stop').focus();
    clearError();
    addMessage('user', question);
    const reply = addMessage('assistant', '');
    const body = reply.querySelector('.body');
    reply.setAttribute('aria-busy', 'true');
    body.classList.add('pending');
    body.textContent = 'Thinking…';
    let streamed = '';
    let answered = false;
    try {
      const response = await fetch(`/api/collections/${enc(state.collection)}/ask`, {
        method: 'POST',
        signal: controller.signal,
        headers: authHeaders({ 'Content-Type': 'application/json', Accept: 'text/event-stream' }),
        // A chat's first question asks the server to start a conversation; its id, returned with the answer, carries the follow-ups.
        body: JSON.stringify(state.conversationId
          ? { question, conversationId: state.conversationId }
          : { question, newConversation: true }),
      });
      if (response.status === 401) { askForKey(); throw new ApiError(401, 'The server needs an API key: enter it above.'); }
      if (!response.ok) throw await problemOf(response);
      const type = response.headers.get('content-type') || '';
      if (!type.includes('text/event-stream')) {
        renderAnswer(reply, await response.json(), true);
        answered = true;
      } else {
        await readEvents(response, (name, data) => {
          if (name === 'question' && data.standaloneQuestion && data.standaloneQuestion !== question) {
            standaloneNote(reply, data.standaloneQuestion);
          } else if (name === 'delta') {
            if (!streamed) body.classList.remove('pending');
            streamed += data.text;
            body.replaceChildren(renderMarkdown(streamed, new Map(), []));
          } else if (name === 'answer') {
            renderAnswer(reply, data, true);
            answered = true;
          }
        });
      }
      if (!answered) throw new Error('The answer stream ended before the answer arrived.');
    } catch (error) {
      body.classList.remove('pending');
      body.replaceChildren(renderMarkdown(streamed || (controller.signal.aborted ? '' : 'No answer.'), new Map(), []));
      if (controller.signal.aborted) {
        // Stopped by the reader: the server cancels the answer and stores no turn.
        reply.classList.add('stopped');
        const note = document.createElement('p');
        note.className = 'stopped-note';
        note.textContent = 'Stopped.';
        reply.append(note);
      } else {
        reply.classList.add('failed');
        showError(error);
      }
      addActions(reply, null, question);
    } finally {
      reply.removeAttribute('aria-busy');
      setAsking(false, null);
      if (document.activeElement === $('stop') || document.activeElement === document.body) $('question').focus();
    }
  }

  $('stop').addEventListener('click', () => { if (state.controller) state.controller.abort(); });

  function standaloneNote(reply, standalone) {
    if (reply.querySelector('.standalone')) return;
    const note = document.createElement('p');
    note.className = 'muted standalone';
    note.textContent = 'Understood as: ' + standalone;
    reply.insertBefore(note, reply.querySelector('.body'));
  }

  /** Renders the final answer as Markdown: [n] markers become buttons, unsupported sentences are flagged; <keep> stores it for reloads. */
  function renderAnswer(reply, answer, keep) {
    if (answer.conversationId && answer.conversationId !== state.conversationId) {
      setConversation(answer.conversationId);
      loadConversations();
    } else if (keep && answer.conversationId) {
      loadConversations();
    }
    if (keep) keepAnswer(answer);
    if (answer.standaloneQuestion && answer.question && answer.standaloneQuestion !== answer.question) standaloneNote(reply, answer.standaloneQuestion);
    const body = reply.querySelector('.body');
    body.classList.remove('pending');
    const citations = new Map((answer.citations || []).map((c) => [c.index, c]));
    body.replaceChildren(renderMarkdown(answer.answer || '', citations, (answer.unsupported || []).filter((u) => !u.dropped)));

    if (!answer.found) reply.classList.add('not-found');
    if (answer.unsupported && answer.unsupported.length) {
      const note = document.createElement('p');
      note.className = 'unsupported-note';
      const dropped = answer.unsupported.filter((u) => u.dropped);
      note.textContent = `⚠ ${answer.unsupported.length} sentence${answer.unsupported.length === 1 ? '' : 's'} not supported by the sources` +
        (dropped.length ? ` (${dropped.length} removed: ${dropped.map((u) => '“' + u.sentence + '”').join(' ')})` : ' (marked).');
      reply.append(note);
    }
    if (answer.citations && answer.citations.length) {
      const sources = document.createElement('ol');
      sources.className = 'sources';
      sources.setAttribute('aria-label', 'Sources');
      for (const c of answer.citations) {
        const item = document.createElement('li');
        item.value = c.index;
        const button = citationButton(c, `${c.title}${c.page ? ', p. ' + c.page : ''}`);
        button.className = 'source-link';
        item.append(button);
        sources.append(item);
      }
      reply.append(sources);
    }
    if (!answer.found && answer.closestPassages && answer.closestPassages.length) {
      // A refusal still shows where the documents come closest; each opens in the source panel.
      const heading = document.createElement('p');
      heading.className = 'closest-heading';
      heading.textContent = 'Closest passages:';
      const closest = document.createElement('ol');
      closest.className = 'sources closest';
      closest.setAttribute('aria-label', 'Closest passages');
      answer.closestPassages.forEach((p, i) => {
        const passage = { index: i + 1, title: p.title, page: p.page, headingPath: p.headingPath, text: p.text, source: p.source, quoteStart: 0, quoteLength: 0 };
        const item = document.createElement('li');
        item.value = passage.index;
        const where = [p.title].concat(p.headingPath || []).join(' › ') + (p.page ? ', p. ' + p.page : '');
        const button = citationButton(passage, where);
        button.className = 'source-link';
        item.append(button);
        closest.append(item);
      });
      reply.append(heading, closest);
    }
    addActions(reply, answer, answer.question);
    reply.scrollIntoView({ block: 'end' });
  }

  /** Copy, regenerate and thumbs up/down under an answer (only regenerate when it failed or was stopped). */
  function addActions(reply, answer, question) {
    const bar = document.createElement('div');
    bar.className = 'actions';
    const status = document.createElement('span');
    status.className = 'done';
    status.setAttribute('aria-live', 'polite');
    const button = (label, text, onClick) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = text;
      b.setAttribute('aria-label', label);
      b.title = label;
      b.addEventListener('click', onClick);
      bar.append(b);
      return b;
    };
    if (answer) {
      button('Copy the answer', 'Copy', async () => {
        status.textContent = (await copyText(answer.answer || '')) ? 'Copied.' : 'Could not copy.';
      }).className = 'copy';
    }
    if (question) {
      button('Ask this question again', 'Regenerate', () => { if (!state.asking) ask(question); }).className = 'regenerate';
    }
    if (answer) {
      const up = button('Good answer', '▲ Helpful', () => sendFeedback('up'));
      const down = button('Bad answer', '▼ Not helpful', () => sendFeedback('down'));
      up.className = 'thumb-up';
      down.className = 'thumb-down';
      up.setAttribute('aria-pressed', 'false');
      down.setAttribute('aria-pressed', 'false');
      async function sendFeedback(rating) {
        try {
          const stored = answer.conversationId && answer.turn;
          await api(`/api/collections/${enc(state.collection)}/feedback`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(stored
              ? { rating, conversationId: answer.conversationId, turn: answer.turn }
              : { rating, question: answer.question, answer: answer.answer, found: !!answer.found }),
          });
          up.setAttribute('aria-pressed', String(rating === 'up'));
          down.setAttribute('aria-pressed', String(rating === 'down'));
          status.textContent = 'Thanks: feedback saved.';
        } catch (error) { showError(error); }
      }
    }
    bar.append(status);
    reply.append(bar);
  }

  async function copyText(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // No clipboard permission (an http:// page, say): the old way.
      const area = document.createElement('textarea');
      area.value = text;
      area.setAttribute('readonly', '');
      area.style.position = 'fixed';
      area.style.opacity = '0';
      document.body.append(area);
      area.select();
      let ok = false;
      try { ok = document.execCommand('copy'); } catch { ok = false; }
      area.remove();
      return ok;
    }
  }

  // ---- Markdown ----------------------------------------------------------------------------------------------
  // Answers may quote hostile documents, so Markdown is turned into DOM nodes whose text is only ever set as text:
  // no HTML in an answer is parsed, and links keep only http(s) and mailto addresses.

  const OPEN = '\uE000';
  const CLOSE = '\uE001';
  const SENTINELS = /[\uE000\uE001]/g;
  const INLINE = String.raw`(\x60+)([^\x60]|[^\x60][\s\S]*?[^\x60])\1(?!\x60)` +
    String.raw`|\*\*(?=\S)([\s\S]*?\S)\*\*|__(?=\S)([\s\S]*?\S)__` +
    String.raw`|\*(?=[^\s*])([\s\S]*?[^\s*])\*|(?<![\w])_(?=[^\s_])([\s\S]*?[^\s_])_(?![\w])` +
    String.raw`|\[([^\]\n]+)\]\(([^()\s]+)\)|\[(\d+)\]`;

  /**
   * A fragment for Markdown <text>: paragraphs, headings, lists, block quotes, code blocks; bold, italic, inline code and
   * links inline; [n] markers of <citations> become buttons; the <unsupported> sentences are flagged.
   */
  function renderMarkdown(text, citations, unsupported) {
    let source = String(text).replace(SENTINELS, '').replace(/\r\n?/g, '\n');
    // Unsupported sentences are bracketed by private-use marks that the inline pass turns into flagged spans.
    const ranges = [];
    for (const u of unsupported) {
      const at = source.indexOf(u.sentence);
      if (at >= 0 && !ranges.some((r) => at < r.end && at + u.sentence.length > r.start)) ranges.push({ start: at, end: at + u.sentence.length, reason: u.reason });
    }
    ranges.sort((a, b) => b.start - a.start);
    for (const r of ranges) source = source.slice(0, r.start) + OPEN + source.slice(r.start, r.end) + CLOSE + source.slice(r.end);
    const ctx = { citations, reasons: ranges.map((r) => r.reason).reverse(), unsupported: false, span: null, reason: '' };

    const fragment = document.createDocumentFragment();
    const lines = source.split('\n');
    let paragraph = [];
    const flush = () => {
      if (!paragraph.length) return;
      const p = document.createElement('p');
      inline(p, paragraph.join('\n'), ctx);
      fragment.append(p);
      paragraph = [];
    };
    let i = 0;
    while (i < lines.length) {
      const line = lines[i];
      const fence = /^\s*(\x60{3,}|~{3,})/.exec(line.replace(SENTINELS, ''));
      if (fence) {
        flush();
        plain(line, ctx);
        const code = [];
        i++;
        while (i < lines.length && !lines[i].replace(SENTINELS, '').trim().startsWith(fence[1])) code.push(lines[i++]);
        if (i < lines.length) plain(lines[i], ctx);
        i++;
        const pre = document.createElement('pre');
        const c = document.createElement('code');
        c.textContent = plain(code.join('\n'), ctx);
        pre.append(c);
        fragment.append(pre);
        continue;
      }
      if (!line.replace(SENTINELS, '').trim()) { emit(document.createElement('p'), line, ctx); flush(); i++; continue; }
      const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(lead(line)[1]);
      if (heading) {
        flush();
        const h = document.createElement('h4');
        inline(h, lead(line)[0] + heading[1], ctx);
        fragment.append(h);
        i++;
        continue;
      }
      const first = listItem(line);
      if (first) {
        flush();
        const list = document.createElement(first.ordered ? 'ol' : 'ul');
        if (first.ordered && first.start !== 1) list.start = first.start;
        while (i < lines.length) {
          const it = listItem(lines[i]);
          if (it && it.ordered === first.ordered) {
            const li = document.createElement('li');
            inline(li, it.text, ctx);
            list.append(li);
          } else if (!it && /^\s{2,}\S/.test(lines[i]) && list.lastChild) {
            inline(list.lastChild, '\n' + lines[i].trim(), ctx);
          } else break;
          i++;
        }
        fragment.append(list);
        continue;
      }
      if (/^\s{0,3}>/.test(lead(line)[1])) {
        flush();
        const quoted = [];
        while (i < lines.length && /^\s{0,3}>/.test(lead(lines[i])[1])) {
          const [marks, rest] = lead(lines[i++]);
          quoted.push(marks + rest.replace(/^\s{0,3}>\s?/, ''));
        }
        const quote = document.createElement('blockquote');
        inline(quote, quoted.join('\n'), ctx);
        fragment.append(quote);
        continue;
      }
      paragraph.push(line);
      i++;
    }
    flush();
    return fragment;
  }

  /** A list item's kind and text (marks before the bullet kept with the text), or null. */
  function listItem(line) {
    const [marks, rest] = lead(line);
    const bullet = /^\s{0,3}[-*+]\s+(.*)$/.exec(rest);
    if (bullet) return { ordered: false, text: marks + bullet[1] };
    const number = /^\s{0,3}(\d{1,9})[.)]\s+(.*)$/.exec(rest);
    return number ? { ordered: true, start: Number(number[1]), text: marks + number[2] } : null;
  }

  /** A line's leading unsupported-sentence marks and the rest, so a flagged sentence can begin with a bullet or a heading. */
  function lead(line) {
    const m = /^([\uE000\uE001]*)([\s\S]*)$/.exec(line);
    return [m[1], m[2]];
  }

  /** Appends inline Markdown <text> to <parent>. */
  function inline(parent, text, ctx) {
    const pattern = new RegExp(INLINE, 'g');
    let last = 0;
    let m;
    while ((m = pattern.exec(text)) !== null) {
      if (m.index > last) emit(parent, text.slice(last, m.index), ctx);
      if (m[1] !== undefined) {
        const code = document.createElement('code');
        code.textContent = plain(m[2], ctx);
        target(parent, ctx).append(code);
      } else if (m[3] !== undefined || m[4] !== undefined) {
        const strong = document.createElement('strong');
        inline(strong, m[3] !== undefined ? m[3] : m[4], ctx);
        parent.append(strong);
      } else if (m[5] !== undefined || m[6] !== undefined) {
        const em = document.createElement('em');
        inline(em, m[5] !== undefined ? m[5] : m[6], ctx);
        parent.append(em);
      } else if (m[7] !== undefined) {
        const href = safeHref(m[8]);
        if (href) {
          const a = document.createElement('a');
          a.href = href;
          a.rel = 'noopener noreferrer nofollow';
          a.target = '_blank';
          inline(a, m[7], ctx);
          parent.append(a);
        } else {
          emit(parent, m[0], ctx);
        }
      } else {
        const citation = ctx.citations.get(Number(m[9]));
        if (citation) {
          const button = citationButton(citation, `[${citation.index}]`);
          button.className = 'citation';
          target(parent, ctx).append(button);
        } else {
          emit(parent, m[0], ctx);
        }
      }
      last = pattern.lastIndex;
    }
    if (last < text.length) emit(parent, text.slice(last), ctx);
  }

  /** Appends plain text (line breaks as <br>), opening and closing flagged spans at the unsupported-sentence marks. */
  function emit(parent, text, ctx) {
    for (const piece of text.split(/([\uE000\uE001])/)) {
      if (piece === OPEN) { ctx.unsupported = true; ctx.flagNeeded = true; ctx.span = null; ctx.reason = ctx.reasons.shift() || ''; continue; }
      if (piece === CLOSE) { ctx.unsupported = false; ctx.span = null; continue; }
      if (!piece) continue;
      const into = target(parent, ctx);
      piece.split('\n').forEach((part, n) => {
        if (n > 0) into.append(document.createElement('br'));
        if (part) into.append(document.createTextNode(part));
      });
    }
  }

  /** Text with the marks removed (code keeps no flags inside), the flag state following them. */
  function plain(text, ctx) {
    for (const ch of text.match(SENTINELS) || []) {
      if (ch === OPEN) { ctx.unsupported = true; ctx.flagNeeded = true; ctx.span = null; ctx.reason = ctx.reasons.shift() || ''; } else { ctx.unsupported = false; ctx.span = null; }
    }
    return text.replace(SENTINELS, '');
  }

  /** Where text goes: <parent>, or inside a flagged span while in an unsupported sentence. */
  function target(parent, ctx) {
    if (!ctx.unsupported) return parent;
    if (ctx.span && ctx.span.parentNode === parent && parent.lastChild === ctx.span) return ctx.span;
    const span = document.createElement('span');
    span.className = 'unsupported';
    span.title = 'Not supported by the sources: ' + ctx.reason;
    if (ctx.flagNeeded) {
      // Said once per sentence to screen readers, which do not hear the wavy underline.
      const flag = document.createElement('span');
      flag.className = 'visually-hidden';
      flag.textContent = ' (unsupported sentence) ';
      span.append(flag);
      ctx.flagNeeded = false;
    }
    parent.append(span);
    ctx.span = span;
    return span;
  }

  /** An absolute http(s) or mailto address for <raw>, or null (javascript:, data: and the like are refused). */
  function safeHref(raw) {
    try {
      const url = new URL(raw.replace(SENTINELS, ''), location.href);
      return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.href : null;
    } catch { return null; }
  }

  function citationButton(citation, label) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = label;
    button.setAttribute('aria-label', `Source ${citation.index}: ${citation.title}${citation.page ? ', page ' + citation.page : ''}`);
    button.setAttribute('aria-controls', 'source-panel');
    button.addEventListener('click', () => openPanel(citation, button));
    return button;
  }

  // ---- Source panel ------------------------------------------------------------------------------------------

  function openPanel(c, opener) {
    state.lastMarker = opener;
    $('source-title').textContent = c.index ? `[${c.index}] ${c.title}` : c.title;
    // A passage read by OCR carries its place on the scanned page (fractions from the top-left): said in words.
    const region = c.region && c.page
      ? ` · ${Math.round(c.region.top * 100)}–${Math.round((c.region.top + c.region.height) * 100)}% down the page`
      : '';
    $('source-meta').textContent = c.page ? `Page ${c.page}${region}` : '';
    $('source-headings').textContent = (c.headingPath || []).join(' › ');
    const passage = $('source-text');
    passage.replaceChildren();
    const text = c.text || '';
    const start = Math.min(Math.max(0, c.quoteStart || 0), text.length);
    const length = Math.min(Math.max(0, c.quoteLength || 0), text.length - start);
    if (length > 0) {
      const mark = document.createElement('mark');
      mark.textContent = text.slice(start, start + length);
      passage.append(text.slice(0, start), mark, text.slice(start + length));
    } else {
      passage.append(text);
    }
    // The source is the path within the collection or the upload's name; uploads stored before names were kept show a content hash, which says nothing.
    const source = c.source || '';
    const file = source.split(/[\\/]/).pop();
    $('source-file').textContent = file && !/^[0-9a-f]{64}\.\w+$/.test(file) ? 'File: ' + source : '';
    const panel = $('source-panel');
    panel.hidden = false;
    document.body.classList.add('panel-open');
    const mark = passage.querySelector('mark');
    if (mark) mark.scrollIntoView({ block: 'center' });
    $('source-close').focus();
  }

  function closePanel() {
    const panel = $('source-panel');
    if (panel.hidden) return;
    panel.hidden = true;
    document.body.classList.remove('panel-open');
    if (state.lastMarker && document.contains(state.lastMarker)) state.lastMarker.focus();
  }

  $('source-close').addEventListener('click', closePanel);
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') { closePanel(); closeSidebar(); }
  });

  // ---- The phone's drawer of chats and documents -------------------------------------------------------------

  function closeSidebar() {
    if (!document.body.classList.contains('sidebar-open')) return;
    document.body.classList.remove('sidebar-open');
    $('sidebar-toggle').setAttribute('aria-expanded', 'false');
  }

  $('sidebar-toggle').addEventListener('click', () => {
    const open = document.body.classList.toggle('sidebar-open');
    $('sidebar-toggle').setAttribute('aria-expanded', String(open));
    if (open) $('sidebar-close').focus();
  });
  $('sidebar-close').addEventListener('click', () => { closeSidebar(); $('sidebar-toggle').focus(); });
  document.querySelector('.chat').addEventListener('click', closeSidebar);

  // ---- Question form -----------------------------------------------------------------------------------------

  $('ask-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const question = $('question').value.trim();
    if (!question || state.asking) return;
    $('question').value = '';
    ask(question);
  });

  $('question').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      $('ask-form').requestSubmit();
    }
  });

  // ---- Start: the collection and chat the address names, else the ones open last ----------------------------

  async function start() {
    const named = conversationInHash();
    // A citation's link from an OpenAI client (?collection=…&document=…&chunk=…) opens that passage in the source panel.
    const link = new URLSearchParams(location.search);
    const linked = link.get('collection') && link.get('document') && link.get('chunk');
    await switchCollection(linked ? link.get('collection') : named ? named.collection : state.collection, !linked && named && named.id);
    if (linked) {
      try {
        const p = await api(`/api/collections/${enc(link.get('collection'))}/documents/${enc(link.get('document'))}/passages/${enc(link.get('chunk'))}`);
        openPanel({ ...p, index: null }, null);
      } catch (error) { showError(error); }
    }
  }

  window.addEventListener('hashchange', () => {
    const named = conversationInHash();
    if (named && !state.asking && (named.collection !== state.collection || named.id !== state.conversationId)) {
      switchCollection(named.collection, named.id);
    }
  });

  start();
})();
