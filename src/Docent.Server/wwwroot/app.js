// Docent browser UI: plain JavaScript, same-origin API only. All server text goes through textContent, never innerHTML.
(() => {
  'use strict';

  const $ = (id) => document.getElementById(id);
  const KEY_STORAGE = 'docent.apiKey';
  const state = {
    collection: localStorage.getItem('docent.collection') || 'default',
    conversations: new Map(), // collection -> conversation id, so follow-up questions are condensed on the server
    asking: false,
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
    loadCollections();
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
    state.collection = e.target.value;
    localStorage.setItem('docent.collection', state.collection);
    resetChat();
    loadCollections();
  });

  $('new-collection').addEventListener('submit', async (e) => {
    e.preventDefault();
    const input = $('new-collection-name');
    const name = input.value.trim();
    if (!name) return;
    try {
      await api('/api/collections', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name }) });
      input.value = '';
      state.collection = name;
      localStorage.setItem('docent.collection', name);
      clearError();
      resetChat();
      await loadCollections();
    } catch (error) { showError(error); }
  });

  // ---- Documents ---------------------------------------------------------------------------------------------

  async function loadDocuments() {
    const list = $('documents');
    try {
      const documents = await api(`/api/collections/${enc(state.collection)}/documents`);
      list.replaceChildren();
      $('documents-empty').hidden = documents.length > 0;
      for (const d of documents) {
        const item = document.createElement('li');
        const text = document.createElement('div');
        const title = document.createElement('span');
        title.className = 'doc-title';
        title.textContent = d.title || d.fileName;
        const meta = document.createElement('span');
        meta.className = 'muted';
        meta.textContent = `${d.format} · ${d.chunks} passage${d.chunks === 1 ? '' : 's'}${d.warnings && d.warnings.length ? ' · ' + d.warnings.length + ' warning(s)' : ''}`;
        if (d.warnings && d.warnings.length) meta.title = d.warnings.join('\n');
        text.append(title, meta);
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
        remove.setAttribute('aria-label', `Delete ${d.title || d.fileName}`);
        remove.addEventListener('click', () => deleteDocument(d));
        item.append(text, remove);
        list.append(item);
      }
    } catch (error) {
      list.replaceChildren();
      showError(error);
    }
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

  // ---- Chat --------------------------------------------------------------------------------------------------

  function resetChat() {
    state.conversations.delete(state.collection);
    closePanel();
    const messages = $('messages');
    messages.replaceChildren($('chat-empty') || makeEmpty());
    $('chat-empty').hidden = false;
  }

  function makeEmpty() {
    const p = document.createElement('p');
    p.id = 'chat-empty';
    p.className = 'empty';
    p.textContent = 'Ask a question about the documents in this collection.';
    return p;
  }

  $('new-conversation').addEventListener('click', () => { resetChat(); $('question').focus(); });

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

  async function ask(question) {
    if (state.asking) return;
    state.asking = true;
    $('send').disabled = true;
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
        headers: authHeaders({ 'Content-Type': 'application/json', Accept: 'text/event-stream' }),
        // A chat's first question asks the server to start a conversation; its id, returned with the answer, carries the follow-ups.
        body: JSON.stringify(state.conversations.has(state.collection)
          ? { question, conversationId: state.conversations.get(state.collection) }
          : { question, newConversation: true }),
      });
      if (response.status === 401) { askForKey(); throw new ApiError(401, 'The server needs an API key: enter it above.'); }
      if (!response.ok) throw await problemOf(response);
      const type = response.headers.get('content-type') || '';
      if (!type.includes('text/event-stream')) {
        renderAnswer(reply, await response.json());
        answered = true;
      } else {
        await readEvents(response, (name, data) => {
          if (name === 'question' && data.standaloneQuestion && data.standaloneQuestion !== question) {
            const note = document.createElement('p');
            note.className = 'muted standalone';
            note.textContent = 'Understood as: ' + data.standaloneQuestion;
            reply.insertBefore(note, body);
          } else if (name === 'delta') {
            if (!streamed) body.classList.remove('pending');
            streamed += data.text;
            body.textContent = streamed;
          } else if (name === 'answer') {
            renderAnswer(reply, data);
            answered = true;
          }
        });
      }
      if (!answered) throw new Error('The answer stream ended before the answer arrived.');
    } catch (error) {
      body.classList.remove('pending');
      body.textContent = streamed || 'No answer.';
      reply.classList.add('failed');
      showError(error);
    } finally {
      reply.removeAttribute('aria-busy');
      state.asking = false;
      $('send').disabled = false;
    }
  }

  /** Renders the final answer: [n] markers become buttons, unsupported sentences are flagged. */
  function renderAnswer(reply, answer) {
    if (answer.conversationId) state.conversations.set(state.collection, answer.conversationId);
    const body = reply.querySelector('.body');
    body.classList.remove('pending');
    body.replaceChildren();
    const text = answer.answer || '';
    const citations = new Map((answer.citations || []).map((c) => [c.index, c]));
    const unsupported = (answer.unsupported || []).filter((u) => !u.dropped);

    // Ranges of the answer text that verification could not support.
    const ranges = [];
    for (const u of unsupported) {
      const at = text.indexOf(u.sentence);
      if (at >= 0) ranges.push({ start: at, end: at + u.sentence.length, reason: u.reason });
    }
    ranges.sort((a, b) => a.start - b.start);

    let position = 0;
    for (const r of ranges) {
      if (r.start < position) continue;
      appendWithMarkers(body, text.slice(position, r.start), citations);
      const span = document.createElement('span');
      span.className = 'unsupported';
      span.title = 'Not supported by the sources: ' + r.reason;
      const flag = document.createElement('span');
      flag.className = 'visually-hidden';
      flag.textContent = ' (unsupported sentence) ';
      span.append(flag);
      appendWithMarkers(span, text.slice(r.start, r.end), citations);
      body.append(span);
      position = r.end;
    }
    appendWithMarkers(body, text.slice(position), citations);

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
        const passage = { index: i + 1, title: p.title, page: p.page, headingPath: p.headingPath, text: p.text, quoteStart: 0, quoteLength: 0 };
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
    reply.scrollIntoView({ block: 'end' });
  }

  function appendWithMarkers(parent, text, citations) {
    const pattern = /\[(\d+)\]/g;
    let last = 0;
    let match;
    while ((match = pattern.exec(text)) !== null) {
      const citation = citations.get(Number(match[1]));
      if (!citation) continue;
      if (match.index > last) parent.append(document.createTextNode(text.slice(last, match.index)));
      const button = citationButton(citation, `[${citation.index}]`);
      button.className = 'citation';
      parent.append(button);
      last = match.index + match[0].length;
    }
    if (last < text.length) parent.append(document.createTextNode(text.slice(last)));
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
    $('source-title').textContent = `[${c.index}] ${c.title}`;
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
    if (e.key === 'Escape') closePanel();
  });

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

  loadCollections();
})();
