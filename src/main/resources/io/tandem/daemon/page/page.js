// The live page: polls /status every second and redraws. Every value goes into the page through
// textContent, never as HTML, so names from the configuration cannot inject markup.
'use strict';

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

function ago(iso, now) {
  const s = Math.max(0, Math.round((Date.parse(now) - Date.parse(iso)) / 1000));
  return s < 120 ? s + ' s ago' : Math.round(s / 60) + ' min ago';
}

function node(title, subtitle, holder) {
  const n = el('div', 'node' + (holder ? ' holder' : ''));
  n.append(el('div', null, title));
  n.append(el('div', 'small', subtitle));
  return n;
}

function instance(i, s) {
  const box = el('div', 'instance');
  box.dataset.instance = i.name;
  box.dataset.state = i.state;
  const vips = el('div');
  vips.append(el('div', 'vip', i.virtual_ipaddress.join(', ') || '(no address)'));
  vips.append(el('div', 'small', i.name + ' · VRID ' + i.virtual_router_id));
  box.append(vips);
  box.append(el('span', 'arrow', '→'));
  const me = s.router_id + ' (this node)';
  const self = node(me, '', i.state === 'MASTER');
  const st = el('span', 'state ' + i.state, i.state);
  self.lastChild.append(st, ' · priority ' + i.effective_priority + (i.effective_priority !== i.base_priority ? ' (' + i.base_priority + ' configured)' : ''));
  if (i.state === 'MASTER') {
    box.dataset.holder = 'self';
    box.append(self);
    if (i.master) box.append(node(i.master.address, (i.master.priority === 0 ? 'stopped (priority 0), ' : 'priority ' + i.master.priority + ', ')
      + 'last heard ' + ago(i.master.at, s.at), false));
  } else {
    box.dataset.holder = i.master ? i.master.address : '';
    box.append(node(i.master ? i.master.address : 'no master heard',
      i.master ? 'MASTER · priority ' + i.master.priority + ' · advert ' + ago(i.master.at, s.at) : '', !!i.master));
    box.append(self);
  }
  if (i.last_transition) {
    const t = i.last_transition;
    box.append(el('div', 'small', 'last: ' + t.from + ' → ' + t.to + ' (' + t.reason + '), ' + ago(t.at, s.at)));
  }
  return box;
}

function server(m, title) {
  const box = el('div', 'node' + (m.role === 'writable' ? ' holder' : ''));
  box.dataset.server = m.endpoint;
  box.dataset.role = m.role;
  const head = el('div', null, title + ' ');
  head.append(el('span', 'role ' + m.role, m.role));
  box.append(head);
  const r = m.replica;
  box.append(el('div', 'small', m.endpoint + (m.server_version ? ' · ' + m.server_version : '')));
  box.append(el('div', 'small', r ? 'replication from ' + r.source + ': IO ' + (r.io_running ? 'running' : 'stopped')
    + ', SQL ' + (r.sql_running ? 'running' : 'stopped') + ', lag ' + (r.lag_seconds === null ? '?' : r.lag_seconds + ' s')
    : 'no replication'));
  box.append(el('div', 'small', 'GTID ' + (m.gtid_position || '(empty)')));
  if (m.error) box.append(el('div', 'small', 'last read failed: ' + m.error));
  return box;
}

// The master-master pair as this node sees it: its own server and the other master.
function mysql(i, s) {
  const m = i.mysql;
  const box = el('div', 'instance');
  box.dataset.mysql = i.name;
  box.append(el('div', 'vip', i.name));
  box.append(server(m, 'this node'));
  if (m.peer) box.append(server(m.peer, 'other master'));
  if (m.failback) box.append(el('div', 'small', 'failback: ' + m.failback));
  return box;
}

function backends(v) {
  const wrap = el('div');
  wrap.append(el('div', null, v.address + ':' + v.port + ' ' + v.lb_algo + ' · quorum ' + (v.quorum_up ? 'up' : 'down')));
  const t = el('table');
  const h = el('tr');
  ['real server', 'state', 'weight', 'active', 'total', 'lag'].forEach(x => h.append(el('th', null, x)));
  t.append(h);
  v.backends.forEach(b => {
    const tr = el('tr');
    [b.address + ':' + b.port, b.state + (b.drained && b.state !== 'drain' ? ' (drained)' : '') + (b.lagging ? ' (lagging)' : ''), b.weight, b.active, b.total,
      b.lag_seconds === null ? '' : b.lag_seconds + ' s'].forEach(x => tr.append(el('td', null, x)));
    t.append(tr);
  });
  wrap.append(t);
  return wrap;
}

function render(s) {
  document.getElementById('router').textContent = s.router_id;
  const banner = document.getElementById('maintenance');
  banner.hidden = !s.maintenance.on;
  banner.textContent = s.maintenance.on ? 'MAINTENANCE since ' + s.maintenance.since + ': checks run, tracking does not move VIPs' : '';
  document.getElementById('meta').textContent = 'version ' + s.version + ' · pid ' + s.pid + ' · loop lateness worst '
    + s.loop_worst_lateness_ms + ' ms · ' + new Date(s.at).toISOString().replace('.000', '');
  document.getElementById('instances').replaceChildren(...s.vrrp_instances.map(i => instance(i, s)));
  const withMysql = s.vrrp_instances.filter(i => i.mysql);
  document.getElementById('mysql-section').hidden = withMysql.length === 0;
  document.getElementById('mysql').replaceChildren(...withMysql.map(i => mysql(i, s)));
  document.getElementById('backends-section').hidden = s.virtual_servers.length === 0;
  document.getElementById('backends').replaceChildren(...s.virtual_servers.map(backends));
  document.getElementById('timeline').replaceChildren(...s.timeline.slice().reverse().map(t =>
    el('li', null, new Date(t.at).toISOString().substring(11, 19) + 'Z ' + t.instance + ': ' + t.from + ' → ' + t.to
      + ' (' + t.reason + ')')));
}

async function refresh() {
  const live = document.getElementById('live');
  try {
    const r = await fetch('/status', {cache: 'no-store'});
    if (!r.ok) throw new Error('HTTP ' + r.status);
    render(await r.json());
    live.className = 'live ok';
    live.textContent = 'live';
    document.body.dataset.refreshes = String(Number(document.body.dataset.refreshes) + 1);
  } catch (e) {
    live.className = 'live down';
    live.textContent = 'no answer: ' + e.message;
  }
}

refresh();
setInterval(refresh, 1000);
