// The practice inbox: a single page over twowayd's staff API (/api/v1) and its event stream.
// No framework, and no markup built from strings: every text from the server goes in through
// textContent, so a client's message can never become markup.
'use strict';

(() => {
  const API = '/api/v1';
  const $ = (id) => document.getElementById(id);

  const state = {
    session: null,          // { account, csrfToken, expiresAt, practice? }
    csrf: null,
    practice: null,         // { id, name, timeZone, ... } when known
    timeZone: undefined,    // the practice's IANA zone; undefined until known
    conversations: [],
    nextCursor: null,
    openId: null,
    thread: null,           // the open conversation's detail, without its messages
    messages: new Map(),    // id -> message of the open conversation
    olderCursor: null,
    attachments: [],        // uploads waiting to be sent with the reply: { id, fileName }
    events: null,
    eventsRetry: 0,
    eventsTimer: null,
    pollTimer: null,
    newTarget: null,        // the client number chosen in the new-conversation dialog
    existingConversation: null,
  };

  // ---------------------------------------------------------------- API

  class APIError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  // Calls the API; answers the decoded JSON (null for an empty body) or throws an APIError whose
  // message is the server's own words.
  async function api(method, path, body, options = {}) {
    const headers = { Accept: 'application/json' };
    let payload;
    if (options.raw !== undefined) {
      payload = options.raw;
      Object.assign(headers, options.headers || {});
    } else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    if (method !== 'GET' && state.csrf) headers['X-CSRF-Token'] = state.csrf;
    let response;
    try {
      response = await fetch(API + path, { method, headers, body: payload, credentials: 'same-origin', cache: 'no-store' });
    } catch (error) {
      throw new APIError(0, 'network', 'The inbox cannot reach the server. Check the connection; it will keep trying.');
    }
    const text = await response.text();
    let data = null;
    if (text) {
      try { data = JSON.parse(text); } catch (error) { data = null; }
    }
    if (!response.ok) {
      const code = data && data.error ? data.error.code : 'http.' + response.status;
      const message = data && data.error ? data.error.message : `The server answered ${response.status}.`;
      if (response.status === 401 && !options.quiet401 && state.session) {
        sessionEnded('Your session has ended. Please sign in again.');
      }
      throw new APIError(response.status, code, message);
    }
    return data;
  }

  // ---------------------------------------------------------------- formatting

  function formatter(options) {
    try {
      return new Intl.DateTimeFormat(undefined, Object.assign({ timeZone: state.timeZone }, options));
    } catch (error) {
      return new Intl.DateTimeFormat(undefined, options);
    }
  }

  // "Dec 7, 2026, 9:41 AM EST": in the practice's zone, with the zone's name.
  function formatDateTime(iso) {
    if (!iso) return '';
    return formatter({ dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) + ' ' + zoneName(iso);
  }

  function zoneName(iso) {
    const parts = formatter({ timeZoneName: 'short' }).formatToParts(new Date(iso));
    const part = parts.find((p) => p.type === 'timeZoneName');
    return part ? part.value : '';
  }

  // A short time for the list: the time today, the date otherwise.
  function formatShort(iso) {
    if (!iso) return '';
    const day = formatter({ dateStyle: 'short' });
    const date = new Date(iso);
    if (day.format(date) === day.format(new Date())) return formatter({ timeStyle: 'short' }).format(date);
    return formatter({ month: 'short', day: 'numeric' }).format(date);
  }

  function formatPhone(e164) {
    const match = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164 || '');
    return match ? `(${match[1]}) ${match[2]}-${match[3]}` : (e164 || '');
  }

  const deliveryWords = {
    queued: 'Queued', sending: 'Sending', sent: 'Sent', delivered: 'Delivered',
    undelivered: 'Not delivered', failed: 'Failed', read: 'Read',
  };

  const sourceWords = { pms: 'Practice software', app: 'App account', bot: 'Texting assistant', staff: 'Typed by staff' };

  // ---------------------------------------------------------------- small DOM helpers

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : value);
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function show(node, visible) { node.hidden = !visible; }

  function setMessage(node, text) {
    node.textContent = text || '';
    node.hidden = !text;
  }

  // A message over the page: an error (red) or, with `info`, a note.
  function showBanner(text, info) {
    $('banner-text').textContent = text;
    $('banner').className = info ? 'banner info' : 'banner';
    $('banner').setAttribute('role', info ? 'status' : 'alert');
    show($('banner'), true);
  }

  // Runs `task` now, or once more after the run in progress: live events arrive in bursts.
  function coalesced(task) {
    let running = null;
    let again = false;
    const run = async () => {
      if (running) { again = true; return running; }
      running = (async () => {
        do {
          again = false;
          try { await task(); } catch (error) { /* each task shows its own errors */ }
        } while (again);
      })();
      try { await running; } finally { running = null; }
    };
    return run;
  }

  // ---------------------------------------------------------------- screens and session

  function showScreen(name) {
    show($('loading-screen'), name === 'loading');
    show($('signin-screen'), name === 'signin');
    show($('app-screen'), name === 'app');
  }

  async function start() {
    bindEvents();
    try {
      const session = await api('GET', '/session', undefined, { quiet401: true });
      await enterApp(session);
    } catch (error) {
      showSignIn(error.status === 401 ? '' : error.message);
    }
  }

  function showSignIn(message) {
    stopEvents();
    state.session = null;
    state.csrf = null;
    showScreen('signin');
    setMessage($('signin-error'), message);
    $('signin-password').value = '';
    $('signin-login').focus();
  }

  function sessionEnded(message) {
    closeDialogs();
    showSignIn(message);
  }

  async function signIn(event) {
    event.preventDefault();
    const login = $('signin-login').value.trim();
    const password = $('signin-password').value;
    if (!login || !password) {
      setMessage($('signin-error'), 'Enter your login and password.');
      return;
    }
    $('signin-button').disabled = true;
    setMessage($('signin-error'), '');
    try {
      const session = await api('POST', '/session', { login, password }, { quiet401: true });
      await enterApp(session);
    } catch (error) {
      setMessage($('signin-error'), error.message);
      $('signin-password').select();
    } finally {
      $('signin-button').disabled = false;
    }
  }

  async function signOut() {
    try { await api('DELETE', '/session'); } catch (error) { /* signed out either way */ }
    state.openId = null;
    location.hash = '';
    showSignIn('You are signed out.');
  }

  async function enterApp(session) {
    state.session = session;
    state.csrf = session.csrfToken;
    state.practice = session.practice || null;
    state.timeZone = session.practice && session.practice.timeZone ? session.practice.timeZone : undefined;
    if (!state.timeZone) {
      // Older servers do not name the practice in the session: ask for it.
      try {
        const practice = await api('GET', '/practice');
        state.practice = practice;
        state.timeZone = practice.timeZone;
      } catch (error) { /* keep the browser's zone; times still name their zone */ }
    }
    $('practice-name').textContent = state.practice && state.practice.name ? state.practice.name : 'Practice inbox';
    $('account-name').textContent = session.account.displayName;
    show($('nav-admin'), session.account.role === 'admin');
    showScreen('app');
    showView('inbox');
    connectEvents();
    await refreshList();
    const match = /^#\/conversations\/(\d+)$/.exec(location.hash);
    if (match) await openConversation(Number(match[1]), { focus: false });
    else $('new-conversation-button').focus();
  }

  function showView(name) {
    show($('inbox-view'), name === 'inbox');
    show($('admin-view'), name === 'admin');
    $('nav-inbox').setAttribute('aria-current', name === 'inbox' ? 'page' : 'false');
    $('nav-admin').setAttribute('aria-current', name === 'admin' ? 'page' : 'false');
    if (name === 'admin') loadAdmin();
  }

  // ---------------------------------------------------------------- live events

  function setConnection(kind, text) {
    const node = $('connection');
    node.className = 'connection ' + kind;
    $('connection-text').textContent = text;
  }

  function connectEvents() {
    stopEvents();
    setConnection('', 'Connecting…');
    const source = new EventSource(API + '/events');
    state.events = source;
    source.onopen = () => {
      state.eventsRetry = 0;
      setConnection('online', 'Live');
      stopPolling();
    };
    source.onerror = () => {
      if (state.events !== source) return;
      setConnection('offline', 'Offline, reconnecting…');
      startPolling();
      if (source.readyState === EventSource.CLOSED) {
        // The browser gave up (the server refused the stream): try again ourselves, slower each time.
        const delay = Math.min(30000, 1000 * 2 ** state.eventsRetry++);
        state.eventsTimer = setTimeout(async () => {
          try { await api('GET', '/session'); } catch (error) { if (error.status === 401) return; }
          if (state.session) connectEvents();
        }, delay);
      }
    };
    const handle = (type) => (event) => {
      let data = {};
      try { data = JSON.parse(event.data || '{}'); } catch (error) { data = {}; }
      onLiveEvent(type, data);
    };
    for (const type of ['message.created', 'message.status_changed', 'conversation.opened',
      'conversation.ended', 'conversation.read', 'conversation.read_by_client', 'subscription.changed', 'reset']) {
      source.addEventListener(type, handle(type));
    }
  }

  function stopEvents() {
    if (state.events) state.events.close();
    state.events = null;
    clearTimeout(state.eventsTimer);
    stopPolling();
  }

  // While the stream is down the lists are fetched every 15 s, so nothing waits for it.
  function startPolling() {
    if (state.pollTimer) return;
    state.pollTimer = setInterval(() => {
      refreshList();
      if (state.openId) refreshThread();
    }, 15000);
  }

  function stopPolling() {
    clearInterval(state.pollTimer);
    state.pollTimer = null;
  }

  function onLiveEvent(type, data) {
    if (type === 'reset') {
      refreshList();
      if (state.openId) refreshThread();
      return;
    }
    const conversation = Number(data.conversation);
    if (type === 'subscription.changed') {
      if (state.thread && data.phone === state.thread.conversation.phone) refreshThread();
      return;
    }
    if (state.openId && conversation === state.openId) refreshThread();
    refreshList();
  }

  // ---------------------------------------------------------------- conversation list

  const refreshList = coalesced(loadList);

  async function loadList() {
    const listState = $('list-state');
    const all = $('show-ended').checked ? '&all=true' : '';
    try {
      const page = await api('GET', `/conversations?limit=50${all}`);
      state.conversations = page.conversations || [];
      state.nextCursor = page.nextCursor || null;
      renderList();
    } catch (error) {
      listState.className = 'state error';
      setMessage(listState, error.message);
    }
  }

  async function loadMoreConversations() {
    if (!state.nextCursor) return;
    const all = $('show-ended').checked ? '&all=true' : '';
    try {
      const page = await api('GET', `/conversations?limit=50&after=${encodeURIComponent(state.nextCursor)}${all}`);
      const known = new Set(state.conversations.map((c) => c.id));
      for (const c of page.conversations || []) if (!known.has(c.id)) state.conversations.push(c);
      state.nextCursor = page.nextCursor || null;
      renderList();
    } catch (error) {
      showBanner(error.message);
    }
  }

  function activityOf(c) {
    return c.lastActivityAt || (c.lastMessage && c.lastMessage.createdAt) || c.createdAt || '';
  }

  function conversationName(c) {
    return c.clientName || c.title || formatPhone(c.phone);
  }

  function previewOf(c) {
    const last = c.lastMessage;
    if (!last) return 'No messages yet';
    if (typeof last === 'string') return last;
    const body = last.body || 'Attachment';
    const author = last.author || '';
    if (author.startsWith('staff:')) return `${author.slice(6)}: ${body}`;
    if (author === 'system' || author === 'bot') return `Automatic reply: ${body}`;
    if (author === 'reminder') return `Reminder: ${body}`;
    return body;
  }

  function renderList() {
    const list = $('conversation-list');
    const listState = $('list-state');
    const filter = $('list-filter').value.trim().toLowerCase();
    const sorted = [...state.conversations].sort((a, b) =>
      (b.active === a.active ? 0 : (b.active ? 1 : -1)) ||
      activityOf(b).localeCompare(activityOf(a)) || (b.id - a.id));
    const shown = sorted.filter((c) => !filter ||
      [conversationName(c), c.title, c.phone, formatPhone(c.phone)].some((v) => (v || '').toLowerCase().includes(filter)));
    const focusedId = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.conversation : null;
    list.replaceChildren(...shown.map(listItem));
    if (focusedId) {
      const again = list.querySelector(`[data-conversation="${focusedId}"]`);
      if (again) again.focus();
    }
    listState.className = 'state';
    if (state.conversations.length === 0) {
      setMessage(listState, $('show-ended').checked
        ? 'No conversations yet. Start one with “New conversation”.'
        : 'No active conversations. New texts from clients appear here.');
    } else if (shown.length === 0) {
      setMessage(listState, 'No conversation matches the filter.');
    } else {
      setMessage(listState, '');
    }
    show($('list-more'), Boolean(state.nextCursor));
    const unread = state.conversations.reduce((sum, c) => sum + Number(c.unread || 0), 0);
    const name = state.practice && state.practice.name ? `${state.practice.name} inbox` : 'Inbox';
    document.title = unread ? `(${unread}) ${name}` : name;
  }

  function listItem(c) {
    const unread = Number(c.unread || 0);
    const label = `${conversationName(c)}${unread ? `, ${unread} unread` : ''}${c.active ? '' : ', ended'}`;
    const button = el('button', {
      type: 'button', class: 'conversation-item' + (unread ? ' unread' : ''), 'data-conversation': String(c.id),
      'aria-current': c.id === state.openId ? 'true' : 'false', 'aria-label': label,
      onclick: () => openConversation(c.id, { focus: true }),
    },
    el('span', { class: 'name', text: conversationName(c) }),
    el('span', { class: 'time', text: formatShort(activityOf(c)) }),
    el('span', { class: 'preview', text: previewOf(c) }),
    unread ? el('span', { class: 'badge', text: String(unread), 'aria-hidden': 'true' }) : null,
    el('span', { class: 'meta' },
      el('span', { class: 'pill', text: c.channelLabel || '' }),
      c.active ? null : el('span', { class: 'pill ended', text: 'Ended' }),
      el('span', { text: formatPhone(c.phone) })));
    return el('li', {}, button);
  }

  // ---------------------------------------------------------------- thread

  const refreshThread = coalesced(async () => {
    if (state.openId) await loadThread(state.openId, { keep: true });
  });

  async function openConversation(id, options = {}) {
    if (state.openId !== id) {
      if ($('banner').classList.contains('info')) show($('banner'), false);
      state.openId = id;
      state.thread = null;
      state.messages = new Map();
      state.olderCursor = null;
      clearAttachments();
      show($('profile-form'), false);
      $('reply-text').value = '';
      setMessage($('reply-error'), '');
      setMessage($('reply-notice'), '');
      show($('thread-empty'), false);
      show($('thread'), true);
      $('thread-title').textContent = 'Loading…';
      $('thread-sub').textContent = '';
      $('messages').replaceChildren();
      setMessage($('thread-state'), 'Loading the conversation…');
    }
    history.replaceState(null, '', `#/conversations/${id}`);
    $('inbox-view').classList.add('thread-open');
    renderList();
    await loadThread(id, { keep: false });
    if (options.focus) $('reply-text').disabled ? $('thread-pane').focus() : $('reply-text').focus();
  }

  function closeThread() {
    state.openId = null;
    state.thread = null;
    history.replaceState(null, '', '#');
    $('inbox-view').classList.remove('thread-open');
    show($('thread'), false);
    show($('thread-empty'), true);
    renderClient();
    renderList();
    const first = $('conversation-list').querySelector('button');
    (first || $('new-conversation-button')).focus();
  }

  async function loadThread(id, options) {
    try {
      const detail = await api('GET', `/conversations/${id}?limit=50`);
      if (state.openId !== id) return;
      const scroller = $('messages-scroll');
      const atBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
      state.thread = detail;
      for (const m of detail.messages || []) state.messages.set(m.id, m);
      if (!options.keep || state.olderCursor === null) state.olderCursor = detail.olderCursor || null;
      setMessage($('thread-state'), '');
      renderThread();
      renderClient();
      if (!options.keep || atBottom) scroller.scrollTop = scroller.scrollHeight;
      markRead(detail);
    } catch (error) {
      if (state.openId !== id) return;
      const box = $('thread-state');
      box.className = 'state error';
      if (!(error instanceof APIError)) console.error(error);
      setMessage(box, error.status === 404 ? 'This conversation no longer exists.'
        : error instanceof APIError ? error.message : 'This conversation could not be shown. Please reload the page.');
      if (!options.keep) $('thread-title').textContent = 'Conversation';
    }
  }

  async function loadOlder() {
    if (!state.olderCursor || !state.openId) return;
    const id = state.openId;
    const scroller = $('messages-scroll');
    const fromBottom = scroller.scrollHeight - scroller.scrollTop;
    try {
      const detail = await api('GET', `/conversations/${id}?limit=50&before=${encodeURIComponent(state.olderCursor)}`);
      if (state.openId !== id) return;
      for (const m of detail.messages || []) state.messages.set(m.id, m);
      state.olderCursor = detail.olderCursor || null;
      renderThread();
      scroller.scrollTop = scroller.scrollHeight - fromBottom;
    } catch (error) {
      showBanner(error.message);
    }
  }

  function markRead(detail) {
    const messages = detail.messages || [];
    const listed = state.conversations.find((c) => c.id === detail.conversation.id);
    if (!messages.length || !listed || !Number(listed.unread || 0)) return;
    const through = messages[messages.length - 1].id;
    api('POST', `/conversations/${detail.conversation.id}/read`, { through })
      .then(() => { listed.unread = 0; renderList(); })
      .catch(() => { /* an older server has no read marks */ });
  }

  function renderThread() {
    const detail = state.thread;
    if (!detail) return;
    const c = detail.conversation;
    const title = c.title || conversationName(c);
    const who = [c.clientName !== title ? c.clientName : null, formatPhone(c.phone), c.channelLabel,
      c.active ? 'Active' : `Ended${c.endedAt ? ' ' + formatDateTime(c.endedAt) : ''}`].filter(Boolean);
    $('thread-title').textContent = title;
    $('thread-sub').textContent = who.join(' · ');
    $('end-button').disabled = !c.active;
    $('opt-out-button').disabled = !c.active || (detail.subscriptions && detail.subscriptions.twoWay === false);
    show($('reply-ended'), !c.active);
    $('reply-text').disabled = !c.active;
    $('send-button').disabled = !c.active;
    $('reply-file').disabled = !c.active;
    // Each reply decides again where it goes: in the app while the client can chat there.
    const chat = detail.client && detail.client.chat;
    const goes = chat ? (chat.available ? 'Sent from App' : 'Sent via Text') : c.channelLabel;
    $('reply-channel').textContent = c.active ? `Replies go as “${goes}”` : '';
    show($('older-button'), Boolean(state.olderCursor));

    const sorted = [...state.messages.values()].sort((a, b) =>
      (a.createdAt || '').localeCompare(b.createdAt || '') || a.id - b.id);
    const receipt = readReceiptOf(sorted, c);
    const items = [];
    let lastDay = '';
    const dayFormat = formatter({ weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' });
    for (const m of sorted) {
      const day = dayFormat.format(new Date(m.createdAt));
      if (day !== lastDay) {
        items.push(el('li', { class: 'day-divider', text: day }));
        lastDay = day;
      }
      items.push(messageItem(m, c, m.id === receipt ? c.clientReadAt : null));
    }
    if (!sorted.length) items.push(el('li', { class: 'state', text: 'No messages yet. Write the first one below.' }));
    $('messages').replaceChildren(...items);
    announceNew(sorted, c);
    watchPendingMedia(sorted);
  }

  // Screen readers hear each new message from the client once (the list itself is redrawn, so it
  // is not a live region).
  function announceNew(messages, c) {
    const newest = messages.reduce((max, m) => Math.max(max, m.id), 0);
    if (state.announcedFor !== c.id) {
      state.announcedFor = c.id;
      state.announcedThrough = newest;
      return;
    }
    const fresh = messages.filter((m) => m.id > state.announcedThrough && m.direction === 'inbound');
    if (fresh.length) $('announcer').textContent = fresh.map((m) => `${authorOf(m, c)}: ${m.body}`).join('. ');
    state.announcedThrough = Math.max(state.announcedThrough, newest);
  }

  // A client's photo is fetched from the phone company after its text arrives, and no event says
  // when it is in: while one is on its way, the thread is asked again every 2 s.
  function watchPendingMedia(messages) {
    const pending = messages.some((m) => (m.media || []).some((item) =>
      !(item.stored || item.state === 'stored') && item.state !== 'failed'));
    clearTimeout(state.mediaTimer);
    state.mediaTimer = pending ? setTimeout(() => refreshThread(), 2000) : null;
  }

  function authorOf(m, c) {
    if (m.authorName) return m.authorName;
    const author = m.author || '';
    if (author === 'client') return m.clientName || c.clientName || formatPhone(c.phone);
    if (author.startsWith('staff:')) return author.slice(6) || 'Staff';
    if (author === 'staff') return 'Staff';
    if (author === 'system' || author === 'bot') return 'Automatic reply';
    if (author === 'reminder') return 'Reminder';
    return m.direction === 'inbound' ? (m.clientName || 'Client') : (author || 'Practice');
  }

  // The read receipt goes under the newest message sent in the app that the client has read.
  function readReceiptOf(messages, c) {
    const through = Number(c.clientReadThrough || 0);
    if (!through) return null;
    const read = messages.filter((m) => m.direction === 'outbound' && m.channel === 'app' && m.id <= through);
    return read.length ? read[read.length - 1].id : null;
  }

  function messageItem(m, c, readAt) {
    const automatic = m.author === 'system' || m.author === 'bot' || m.author === 'reminder';
    const node = el('li', {
      class: `message ${m.direction === 'outbound' ? 'outbound' : 'inbound'}${automatic ? ' system' : ''}`,
      'data-message': String(m.id),
    });
    node.append(el('div', { class: 'head' },
      el('span', { class: 'author', text: authorOf(m, c) }),
      el('time', { datetime: m.createdAt, text: formatDateTime(m.createdAt) })));
    if (m.reminderContext) {
      node.append(el('div', { class: 'context' },
        `Replying to the reminder of ${formatDateTime(m.reminderContext.sentAt)}: `,
        el('q', { text: m.reminderContext.body })));
    }
    if (m.body) node.append(el('div', { class: 'body', text: m.body }));
    if (m.media && m.media.length) node.append(mediaList(m.media));
    const foot = el('div', { class: 'foot' }, el('span', { class: 'channel', text: m.channelLabel || '' }));
    if (m.routed === false) foot.append(el('span', { text: 'Arrived while texting was off' }));
    if (m.direction === 'outbound' && m.delivery) {
      const st = m.delivery.state;
      foot.append(el('span', { class: `delivery ${st}`, 'data-state': st, text: deliveryWords[st] || st }));
    }
    node.append(foot);
    if (readAt !== null && readAt !== undefined) {
      node.append(el('div', { class: 'receipt', text: readAt ? `Read in the app ${formatDateTime(readAt)}` : 'Read in the app' }));
    }
    if (m.delivery && (m.delivery.explanation || m.delivery.errorCode)) {
      const code = m.delivery.errorCode ? ` (error ${m.delivery.errorCode})` : '';
      node.append(el('div', { class: 'delivery-error', text: (m.delivery.explanation || 'The carrier reported an error.') + code }));
    }
    return node;
  }

  function mediaList(media) {
    const box = el('div', { class: 'media' });
    for (const item of media) {
      const name = item.fileName || item.contentType || 'file';
      const stored = item.stored || item.state === 'stored';
      if (!item.id || !stored) {
        const why = item.state === 'failed' ? `Could not keep ${name}: ${item.failure || 'the carrier did not hand it over'}.` : `${name}: arriving…`;
        box.append(el('span', { class: 'muted', text: why }));
        continue;
      }
      const url = `${API}/media/${encodeURIComponent(item.id)}`;
      const type = item.contentType || '';
      if (type.startsWith('image/')) {
        box.append(el('a', { href: url, target: '_blank', rel: 'noopener' }, el('img', { src: url, alt: `Photo: ${name}`, loading: 'lazy' })));
      } else if (type.startsWith('video/')) {
        box.append(el('video', { src: url, controls: true, preload: 'metadata', 'aria-label': `Video: ${name}` }));
        box.append(el('a', { href: url, target: '_blank', rel: 'noopener', text: `Open ${name}` }));
      } else {
        box.append(el('a', { href: url, target: '_blank', rel: 'noopener', text: `${name} (${type || 'file'})` }));
      }
    }
    return box;
  }

  // ---------------------------------------------------------------- reply, attachments, end, opt out

  async function sendReply(confirm) {
    const id = state.openId;
    if (!id) return;
    const text = $('reply-text').value.trim();
    const attachments = state.attachments.map((a) => a.id);
    setMessage($('reply-error'), '');
    setMessage($('reply-notice'), '');
    if (!text && !attachments.length) {
      setMessage($('reply-error'), 'Write a message or attach a file first.');
      $('reply-text').focus();
      return;
    }
    const body = {};
    if (text) body.message = text;
    if (attachments.length) body.attachments = attachments;
    if (confirm) body.confirm = true;
    $('send-button').disabled = true;
    try {
      const sent = await api('POST', `/conversations/${id}/messages`, body);
      // The app was no longer available, so the message went by text: say so where staff look.
      setMessage($('reply-notice'), (sent && sent.notice) || '');
      $('reply-text').value = '';
      clearAttachments();
      await refreshThread();
      $('messages-scroll').scrollTop = $('messages-scroll').scrollHeight;
    } catch (error) {
      if (error.code === 'policy.confirmation_required') {
        const yes = await confirmDialog('Check this message', error.message, 'Send anyway');
        if (yes) { $('send-button').disabled = false; await sendReply(true); return; }
        setMessage($('reply-error'), 'Not sent. Change the message, or send it again and confirm.');
      } else {
        setMessage($('reply-error'), error.message);
      }
    } finally {
      $('send-button').disabled = !(state.thread && state.thread.conversation.active);
      $('reply-text').focus();
    }
  }

  function clearAttachments() {
    state.attachments = [];
    renderAttachments();
  }

  function renderAttachments() {
    $('reply-attachments').replaceChildren(...state.attachments.map((a, index) => el('span', { class: 'attachment' },
      a.fileName,
      el('button', {
        type: 'button', class: 'link-button', 'aria-label': `Remove ${a.fileName}`, text: '×',
        onclick: () => { state.attachments.splice(index, 1); renderAttachments(); $('reply-text').focus(); },
      }))));
  }

  async function uploadFiles(files) {
    setMessage($('reply-error'), '');
    for (const file of files) {
      const chip = { id: null, fileName: `${file.name} (uploading…)` };
      state.attachments.push(chip);
      renderAttachments();
      try {
        const result = await api('POST', '/uploads', undefined, {
          raw: file, headers: { 'Content-Type': file.type || 'application/octet-stream', 'X-File-Name': encodeURIComponent(file.name) },
        });
        chip.id = result.id || result.upload;
        chip.fileName = result.fileName || file.name;
      } catch (error) {
        state.attachments.splice(state.attachments.indexOf(chip), 1);
        setMessage($('reply-error'), `${file.name}: ${error.message}`);
      }
      renderAttachments();
    }
    $('reply-file').value = '';
  }

  async function endConversation() {
    const c = state.thread && state.thread.conversation;
    if (!c) return;
    const yes = await confirmDialog('End this conversation?',
      `The conversation with ${conversationName(c)} moves to the ended list. Their next text starts a new conversation.`, 'End conversation');
    if (!yes) { $('end-button').focus(); return; }
    try {
      await api('POST', `/conversations/${c.id}/end`);
      await refreshThread();
      refreshList();
    } catch (error) {
      setMessage($('reply-error'), error.message);
    }
    $('thread-pane').focus();
  }

  async function optOut() {
    const c = state.thread && state.thread.conversation;
    if (!c) return;
    const yes = await confirmDialog('Opt out of 2-way texting?',
      `${conversationName(c)} (${formatPhone(c.phone)}) will get no more texts from staff. Reminders and appointment confirmations still go out. A text from the client opts them back in.`,
      'Opt out');
    if (!yes) { $('opt-out-button').focus(); return; }
    try {
      await api('POST', `/conversations/${c.id}/opt-out`);
      await refreshThread();
    } catch (error) {
      setMessage($('reply-error'), error.message);
    }
    $('thread-pane').focus();
  }

  // ---------------------------------------------------------------- client pane

  function renderClient() {
    const detail = state.openId ? state.thread : null;
    show($('client-empty'), !detail);
    show($('client-details'), Boolean(detail));
    if (!detail) return;
    const c = detail.conversation;
    const client = detail.client;
    $('client-name').textContent = (client && client.name) || c.clientName || formatPhone(c.phone);
    const facts = [];
    const fact = (term, value) => { if (value) facts.push(el('dt', { text: term }), el('dd', { text: value })); };
    if (client) {
      fact('First name', client.firstName);
      fact('Last name', client.lastName);
      fact('Email', client.email);
      fact('Phones', (client.phones || []).map((p) => formatPhone(p.number)).join(', '));
      fact('Profile from', sourceWords[client.source] || client.source);
      fact('Practice software id', client.externalId);
      if (client.chat) fact('App chat', client.chat.available ? 'Available' : `Not available: ${client.chat.reason || ''}`);
    } else {
      fact('Phone', formatPhone(c.phone));
      fact('Profile', c.profileBot && c.profileBot !== 'finished'
        ? 'The texting assistant is asking for the client\'s name.' : 'No profile for this number yet.');
    }
    $('client-profile').replaceChildren(...facts);
    const flag = client && client.emailMissingFromPMS;
    setMessage($('client-flag'), flag
      ? 'This email is not in your practice software yet. Add it there and the client gets an invitation to the app.' : '');
    show($('edit-profile'), Boolean(client && client.id) && $('profile-form').hidden);
    renderSubscriptions(detail.subscriptions);
  }

  function editProfile() {
    const client = state.thread && state.thread.client;
    if (!client) return;
    $('profile-first').value = client.firstName || '';
    $('profile-last').value = client.lastName || '';
    $('profile-email').value = client.email || '';
    setMessage($('profile-error'), '');
    show($('profile-form'), true);
    show($('edit-profile'), false);
    $('profile-first').focus();
  }

  function closeProfile() {
    show($('profile-form'), false);
    show($('edit-profile'), Boolean(state.thread && state.thread.client));
    $('edit-profile').focus();
  }

  async function saveProfile(event) {
    event.preventDefault();
    const client = state.thread && state.thread.client;
    if (!client) return;
    try {
      await api('PATCH', `/clients/${client.id}`, {
        firstName: $('profile-first').value.trim(), lastName: $('profile-last').value.trim(),
        email: $('profile-email').value.trim(),
      });
      closeProfile();
      await refreshThread();
      refreshList();
    } catch (error) {
      setMessage($('profile-error'), error.message);
    }
  }

  function renderSubscriptions(subscriptions) {
    if (!subscriptions) return;
    $('subscription-phone').textContent = `For ${formatPhone(subscriptions.phone)}`;
    $('sub-twoway').checked = Boolean(subscriptions.twoWay);
    $('sub-reminders').checked = Boolean(subscriptions.reminders);
    const history = (subscriptions.history || []).slice().reverse().map((h) => {
      const what = `${h.kind === 'reminders' ? 'Reminders' : '2-way texting'}: ${h.subscribed ? 'subscribed' : 'opted out'}`;
      const actor = h.actorName || (h.actor || '').replace(/^staff:/, '') || 'unknown';
      const who = h.actor === 'client' ? 'by the client' : h.actor === 'carrier' ? 'by the carrier' : `by ${actor}`;
      return el('li', {}, el('strong', { text: what }), ` ${who} (${h.method}), ${formatDateTime(h.at)}`);
    });
    if (!history.length) history.push(el('li', { class: 'muted', text: 'No changes recorded.' }));
    $('subscription-history').replaceChildren(...history);
  }

  async function saveSubscriptions(event) {
    event.preventDefault();
    const detail = state.thread;
    if (!detail) return;
    const phone = detail.subscriptions ? detail.subscriptions.phone : detail.conversation.phone;
    setMessage($('subscription-error'), '');
    show($('subscription-saved'), false);
    try {
      const result = await api('PUT', `/subscriptions/${encodeURIComponent(phone)}`,
        { twoWay: $('sub-twoway').checked, reminders: $('sub-reminders').checked });
      if (result && result.phone) {
        detail.subscriptions = result;
        renderSubscriptions(result);
      }
      show($('subscription-saved'), true);
      refreshThread();
    } catch (error) {
      setMessage($('subscription-error'), error.message);
      renderSubscriptions(detail.subscriptions);
    }
  }

  // ---------------------------------------------------------------- dialogs

  function closeDialogs() {
    for (const dialog of document.querySelectorAll('dialog[open]')) dialog.close();
  }

  // Asks a yes/no question; Escape or Cancel answer no.
  function confirmDialog(title, text, yesLabel) {
    const dialog = $('confirm-dialog');
    const opener = document.activeElement;
    $('confirm-heading').textContent = title;
    $('confirm-text').textContent = text;
    $('confirm-yes').textContent = yesLabel;
    dialog.returnValue = '';
    return new Promise((resolve) => {
      dialog.addEventListener('close', () => {
        resolve(dialog.returnValue === 'yes');
        if (opener && opener.focus && document.body.contains(opener)) opener.focus();
      }, { once: true });
      dialog.showModal();
      $('confirm-no').focus();
    });
  }

  function openNewDialog() {
    const dialog = $('new-dialog');
    $('new-form').reset();
    state.newTarget = null;
    state.existingConversation = null;
    setNewMode('search');
    $('new-results').replaceChildren();
    setMessage($('new-search-state'), '');
    setMessage($('new-chosen'), '');
    setMessage($('new-error'), '');
    show($('new-open-existing'), false);
    dialog.showModal();
    $('new-last-name').focus();
  }

  function setNewMode(mode) {
    $('new-mode-search').setAttribute('aria-pressed', String(mode === 'search'));
    $('new-mode-number').setAttribute('aria-pressed', String(mode === 'number'));
    show($('new-search'), mode === 'search');
    show($('new-number'), mode === 'number');
    state.newMode = mode;
  }

  async function searchClients() {
    const lastName = $('new-last-name').value.trim();
    const out = $('new-search-state');
    if (!lastName) {
      out.textContent = 'Type the client\'s last name first.';
      return;
    }
    out.textContent = 'Searching…';
    $('new-results').replaceChildren();
    try {
      const result = await api('GET', `/clients?lastName=${encodeURIComponent(lastName)}`);
      const clients = result.clients || [];
      out.textContent = clients.length
        ? `${clients.length} client${clients.length === 1 ? '' : 's'} found. Choose a number.`
        : 'No client with that last name. Try “Type a number”.';
      $('new-results').replaceChildren(...clients.map(clientResult));
      const firstChoice = $('new-results').querySelector('button');
      if (firstChoice) firstChoice.focus();
    } catch (error) {
      out.textContent = error.message;
    }
  }

  function clientResult(client) {
    const name = client.name || [client.firstName, client.lastName].filter(Boolean).join(' ') || 'Client';
    const chat = client.chat && client.chat.available
      ? 'App chat available: the conversation runs in the app.'
      : `Chat not available${client.chat && client.chat.reason ? `: ${client.chat.reason}` : ''}. It goes by text.`;
    const phones = (client.phones || []).map((p) => el('button', {
      type: 'button', class: 'secondary',
      'aria-label': `Write to ${name} at ${formatPhone(p.number)}`,
      onclick: () => choose(p.number, name, p.twoWay === false),
    }, formatPhone(p.number), p.twoWay === false ? ' (opted out of texting)' : ''));
    return el('li', {},
      el('div', { class: 'client-line', text: name }),
      el('div', { class: 'muted', text: chat }),
      el('div', { class: 'phones' }, ...phones));
  }

  function choose(number, name, optedOut) {
    state.newTarget = { to: number, name };
    setMessage($('new-chosen'), `Writing to ${name} at ${formatPhone(number)}${optedOut ? ' (this number opted out of 2-way texting)' : ''}.`);
    if (!$('new-title').value) $('new-title').value = name;
    $('new-title').focus();
  }

  async function startConversation(event, confirm) {
    if (event) event.preventDefault();
    setMessage($('new-error'), '');
    show($('new-open-existing'), false);
    const body = {};
    if (state.newMode === 'number') {
      body.to = $('new-phone').value.trim();
      const first = $('new-first').value.trim();
      const last = $('new-last').value.trim();
      if (!body.to) { setMessage($('new-error'), 'Type the client\'s phone number.'); $('new-phone').focus(); return; }
      if (first) body.firstName = first;
      if (last) body.lastName = last;
    } else {
      if (!state.newTarget) { setMessage($('new-error'), 'Search for the client and choose a number first, or use “Type a number”.'); $('new-last-name').focus(); return; }
      body.to = state.newTarget.to;
    }
    const title = $('new-title').value.trim();
    const message = $('new-message').value.trim();
    if (title) body.title = title;
    if (message) body.message = message;
    if (confirm) body.confirm = true;
    $('new-start').disabled = true;
    try {
      const started = await api('POST', '/conversations', body);
      $('new-dialog').close();
      await refreshList();
      await openConversation(started.conversation, { focus: true });
      if (started.chat && !started.chat.available && started.chat.reason) {
        showBanner(`This conversation goes by text. App chat is not available: ${started.chat.reason}`, true);
      }
    } catch (error) {
      if (error.code === 'policy.confirmation_required') {
        const yes = await confirmDialog('Check this message', error.message, 'Send anyway');
        if (yes) { $('new-start').disabled = false; await startConversation(null, true); return; }
        setMessage($('new-error'), 'Not started. Change the message, or start again and confirm.');
      } else {
        setMessage($('new-error'), error.message);
        const match = /active conversation (\d+)/.exec(error.message);
        if (error.code === 'conversation.already_active' && match) {
          state.existingConversation = Number(match[1]);
          show($('new-open-existing'), true);
        }
      }
    } finally {
      $('new-start').disabled = false;
    }
  }

  // ---------------------------------------------------------------- practice settings (admins)

  const days = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
  const admin = { hours: null };

  async function loadAdmin() {
    setMessage($('admin-state'), 'Loading the practice settings…');
    $('admin-state').className = 'state';
    const results = await Promise.allSettled([loadPractice(), loadHours(), loadStaff()]);
    const failure = results.find((r) => r.status === 'rejected');
    if (failure) {
      $('admin-state').className = 'state error';
      setMessage($('admin-state'), failure.reason.message);
    } else {
      setMessage($('admin-state'), '');
    }
    $('admin-view').focus();
  }

  async function loadPractice() {
    const practice = await api('GET', '/practice');
    state.practice = practice;
    renderPractice(practice);
  }

  function renderPractice(p) {
    $('feature-app-chat').checked = Boolean(p.appChat);
    const number = p.number || { state: 'none' };
    const words = { none: 'none', assigned: 'assigned', port_requested: 'port requested', ported: 'your own number' };
    $('feature-number').textContent = number.number ? `${formatPhone(number.number)} (${words[number.state] || number.state})` : 'none';
    show($('feature-request-number'), number.state === 'none');
    $('feature-texting').checked = Boolean(p.texting);
  }

  async function setFeature(path, enabled, checkbox) {
    setMessage($('features-error'), '');
    checkbox.disabled = true;
    try {
      const result = await api('POST', `/practice/${path}`, { enabled });
      if (result && result.id) renderPractice(result);
      else await loadPractice();
    } catch (error) {
      checkbox.checked = !enabled;
      setMessage($('features-error'), error.message);
    } finally {
      checkbox.disabled = false;
      checkbox.focus();
    }
  }

  async function requestNumber() {
    setMessage($('features-error'), '');
    try {
      await api('POST', '/practice/number', {});
      await loadPractice();
      $('feature-texting').focus();
    } catch (error) {
      setMessage($('features-error'), error.message);
    }
  }

  async function loadHours() {
    const hours = await api('GET', '/practice/hours');
    admin.hours = hours;
    renderHours(hours);
  }

  function renderHours(hours) {
    $('hours-zone').textContent = hours.timeZone || (state.practice && state.practice.timeZone) || '';
    $('hours-now').textContent = !hours.configured
      ? 'No hours are set: the practice counts as always open and sends no after-hours replies.'
      : hours.openNow ? 'Open now.' : `Closed now${hours.opensAt ? `; opens ${formatDateTime(hours.opensAt)}` : ''}.`;
    const byDay = new Map((hours.weekly || []).map((d) => [d.day, d.intervals || []]));
    $('hours-rows').replaceChildren(...days.map((day) => {
      const name = day[0].toUpperCase() + day.slice(1);
      return el('tr', {},
        el('th', { scope: 'row' }, el('label', { for: `hours-${day}`, text: name })),
        el('td', {}, el('input', { id: `hours-${day}`, value: (byDay.get(day) || []).join(', '), placeholder: 'closed' })));
    }));
    $('exceptions-list').replaceChildren(...(hours.exceptions || []).map((x) => el('li', {},
      el('span', { text: `${x.date}: ${x.closed ? 'closed all day' : (x.intervals || []).join(', ')}` }),
      el('button', { type: 'button', class: 'secondary', 'aria-label': `Remove the exception of ${x.date}`, text: 'Remove', onclick: () => removeException(x.date) }))));
    if (!(hours.exceptions || []).length) $('exceptions-list').append(el('li', { class: 'muted', text: 'No exceptions.' }));
  }

  function intervalsOf(text) {
    return text.split(/[,;]/).map((s) => s.trim().replace(/\s*[–—-]\s*/, '-')).filter(Boolean);
  }

  function weeklyFromForm() {
    return days.map((day) => ({ day, intervals: intervalsOf($(`hours-${day}`).value) }));
  }

  // Sends one change of the hours and shows the hours the server answers with.
  async function changeHours(method, path, body, errorNode, savedNode) {
    setMessage(errorNode, '');
    if (savedNode) show(savedNode, false);
    try {
      const result = await api(method, path, body);
      if (result && result.weekly) { admin.hours = result; renderHours(result); } else await loadHours();
      if (savedNode) show(savedNode, true);
      return true;
    } catch (error) {
      setMessage(errorNode, error.message);
      return false;
    }
  }

  async function saveHours(event) {
    event.preventDefault();
    await changeHours('PUT', '/practice/hours', { weekly: weeklyFromForm() }, $('hours-error'), $('hours-saved'));
  }

  async function addException(event) {
    event.preventDefault();
    const date = $('exception-date').value;
    const closed = $('exception-closed').checked;
    if (!date) { setMessage($('exception-error'), 'Choose a date.'); return; }
    const exception = { date, closed };
    if (!closed) exception.intervals = intervalsOf($('exception-intervals').value);
    if (await changeHours('POST', '/practice/hours/exceptions', exception, $('exception-error'))) {
      $('exception-form').reset();
      $('exception-intervals').disabled = true;
    }
  }

  async function removeException(date) {
    await changeHours('DELETE', `/practice/hours/exceptions/${encodeURIComponent(date)}`, undefined, $('exception-error'));
    $('exception-date').focus();
  }

  async function loadStaff() {
    const result = await api('GET', '/staff-accounts');
    const me = state.session.account.id;
    $('staff-rows').replaceChildren(...(result.accounts || []).map((a) => el('tr', {},
      el('td', {}, a.name, a.disabled ? el('span', { class: 'pill ended', text: 'Disabled' }) : null),
      el('td', { text: a.login }),
      el('td', { text: a.role === 'admin' ? 'Admin' : 'Staff' }),
      el('td', { class: 'actions' },
        a.id === me ? el('span', { class: 'muted', text: 'You' }) : el('button', {
          type: 'button', class: 'secondary' + (a.disabled ? '' : ' danger'),
          'aria-label': `${a.disabled ? 'Enable' : 'Disable'} ${a.name}`, text: a.disabled ? 'Enable' : 'Disable',
          onclick: () => staffAction(a, a.disabled ? 'enable' : 'disable'),
        }),
        ' ',
        el('button', { type: 'button', class: 'secondary', 'aria-label': `Set a new password for ${a.name}`, text: 'Password', onclick: () => resetPassword(a) })))));
  }

  async function staffAction(account, action) {
    setMessage($('staff-error'), '');
    show($('staff-saved'), false);
    if (action === 'disable') {
      const yes = await confirmDialog(`Disable ${account.name}?`, 'They are signed out at once and can no longer sign in until enabled again.', 'Disable');
      if (!yes) return;
    }
    try {
      await api('POST', `/staff-accounts/${account.id}/${action}`, {});
      await loadStaff();
      setMessage($('staff-saved'), `${account.name} is ${action === 'disable' ? 'disabled' : 'enabled'}.`);
    } catch (error) {
      setMessage($('staff-error'), error.message);
    }
  }

  function resetPassword(account) {
    const dialog = $('password-dialog');
    $('password-for').textContent = `For ${account.name} (${account.login}). Their open sessions end at once.`;
    $('password-new').value = '';
    setMessage($('password-error'), '');
    state.passwordFor = account;
    dialog.showModal();
    $('password-new').focus();
  }

  async function savePassword(event) {
    event.preventDefault();
    const account = state.passwordFor;
    const password = $('password-new').value;
    if (!account) return;
    try {
      await api('POST', `/staff-accounts/${account.id}/reset-password`, { password });
      $('password-dialog').close();
      setMessage($('staff-saved'), `The password of ${account.name} is changed.`);
    } catch (error) {
      setMessage($('password-error'), error.message);
    }
  }

  async function addStaff(event) {
    event.preventDefault();
    setMessage($('staff-error'), '');
    show($('staff-saved'), false);
    const body = {
      name: $('staff-name').value.trim(), login: $('staff-login').value.trim(),
      role: $('staff-role').value, password: $('staff-password').value,
    };
    try {
      await api('POST', '/staff-accounts', body);
      $('staff-form').reset();
      await loadStaff();
      setMessage($('staff-saved'), `${body.name} can sign in now as ${body.login}.`);
    } catch (error) {
      setMessage($('staff-error'), error.message);
    }
  }

  // ---------------------------------------------------------------- wiring

  function bindEvents() {
    $('signin-form').addEventListener('submit', signIn);
    $('signout-button').addEventListener('click', signOut);
    $('banner-close').addEventListener('click', () => show($('banner'), false));
    $('nav-inbox').addEventListener('click', () => showView('inbox'));
    $('nav-admin').addEventListener('click', () => showView('admin'));

    $('new-conversation-button').addEventListener('click', openNewDialog);
    $('list-filter').addEventListener('input', renderList);
    $('show-ended').addEventListener('change', () => { setMessage($('list-state'), 'Loading conversations…'); refreshList(); });
    $('list-more').addEventListener('click', loadMoreConversations);

    $('back-to-list').addEventListener('click', closeThread);
    $('older-button').addEventListener('click', loadOlder);
    $('reply-form').addEventListener('submit', (event) => { event.preventDefault(); sendReply(false); });
    $('reply-text').addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.altKey && !event.isComposing) {
        event.preventDefault();
        if (!$('send-button').disabled) sendReply(false);
      }
    });
    $('reply-file').addEventListener('change', () => uploadFiles([...$('reply-file').files]));
    $('end-button').addEventListener('click', endConversation);
    $('opt-out-button').addEventListener('click', optOut);
    $('show-client').addEventListener('click', () => { $('client-pane').classList.add('open'); $('close-client').focus(); });
    $('close-client').addEventListener('click', () => { $('client-pane').classList.remove('open'); $('show-client').focus(); });
    $('subscription-form').addEventListener('submit', saveSubscriptions);
    $('edit-profile').addEventListener('click', editProfile);
    $('profile-cancel').addEventListener('click', closeProfile);
    $('profile-form').addEventListener('submit', saveProfile);

    $('new-form').addEventListener('submit', (event) => startConversation(event, false));
    $('new-cancel').addEventListener('click', () => $('new-dialog').close());
    $('new-mode-search').addEventListener('click', () => { setNewMode('search'); $('new-last-name').focus(); });
    $('new-mode-number').addEventListener('click', () => { setNewMode('number'); state.newTarget = null; setMessage($('new-chosen'), ''); $('new-phone').focus(); });
    $('new-search-button').addEventListener('click', searchClients);
    $('new-last-name').addEventListener('keydown', (event) => {
      if (event.key === 'Enter') { event.preventDefault(); searchClients(); }
    });
    $('new-open-existing').addEventListener('click', async () => {
      const id = state.existingConversation;
      $('new-dialog').close();
      if (id) await openConversation(id, { focus: true });
    });
    $('new-dialog').addEventListener('close', () => {
      if (!state.openId) $('new-conversation-button').focus();
    });

    $('feature-app-chat').addEventListener('change', (event) => setFeature('app-chat', event.target.checked, event.target));
    $('feature-texting').addEventListener('change', (event) => setFeature('texting', event.target.checked, event.target));
    $('feature-request-number').addEventListener('click', requestNumber);
    $('hours-form').addEventListener('submit', saveHours);
    $('exception-form').addEventListener('submit', addException);
    $('exception-closed').addEventListener('change', (event) => { $('exception-intervals').disabled = event.target.checked; });
    $('staff-form').addEventListener('submit', addStaff);
    $('password-form').addEventListener('submit', savePassword);
    $('password-cancel').addEventListener('click', () => $('password-dialog').close());

    window.addEventListener('hashchange', () => {
      const match = /^#\/conversations\/(\d+)$/.exec(location.hash);
      if (state.session && match && Number(match[1]) !== state.openId) openConversation(Number(match[1]), { focus: true });
    });
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && $('client-pane').classList.contains('open') && !document.querySelector('dialog[open]')) {
        $('client-pane').classList.remove('open');
        $('show-client').focus();
      }
    });
  }

  document.addEventListener('DOMContentLoaded', start);
})();
