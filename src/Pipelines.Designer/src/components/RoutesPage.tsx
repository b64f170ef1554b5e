import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError, api, type Diagnostic, type ProviderHealth, type RouteView, type WhoAmI } from '../api/client';

const STRATEGIES = ['ordered', 'health-ranked', 'weighted', 'fastest', 'cheapest', 'hedged'] as const;
const SWAP_REASONS = ['unavailable', 'timeout', 'rate_limited', 'stalled', 'filtered', 'context_length'] as const;

type Policy = NonNullable<RouteView['policy']>;
type Message = { text: string; kind: 'info' | 'error' | 'ok' } | null;

/** The circuit state, whether the service reports it as a word or as an object with a state. */
function circuitOf(health: ProviderHealth | null | undefined): string | null {
  const circuit = health?.circuit as unknown;
  if (typeof circuit === 'string') return circuit;
  if (circuit && typeof circuit === 'object' && typeof (circuit as { state?: unknown }).state === 'string') return (circuit as { state: string }).state;
  return null;
}

function describePolicy(policy: Policy = {}): string {
  const parts: string[] = [policy.strategy ?? 'ordered'];
  parts.push(`swap on ${policy.swapOn?.length ? policy.swapOn.join(', ') : 'nothing'}`);
  if (policy.deadline) parts.push(`deadline ${policy.deadline}`);
  if (policy.hedgeDelay) parts.push(`hedge after ${policy.hedgeDelay}`);
  return parts.join(' · ');
}

/**
 * The gateway's routes (#/routes): each with its providers and their live health (refreshed every 5 s), its policy, and
 * who changed it last. Tenant routes can have their policy edited; saving sends the ETag read when editing began.
 */
export function RoutesPage({ me, onSignOut }: { me: WhoAmI; onSignOut: () => void }) {
  const [routes, setRoutes] = useState<RouteView[] | null>(null);
  const [health, setHealth] = useState<Record<string, ProviderHealth | null>>({});
  const [editing, setEditing] = useState<string | null>(null);
  const [message, setMessage] = useState<Message>(null);
  const canWrite = me.role === 'Admin' || me.role === 'Author';

  const reload = useCallback(
    () =>
      api
        .listRoutes()
        .then(setRoutes)
        .catch((error: unknown) => setMessage({ text: `Could not load the routes: ${(error as Error).message}`, kind: 'error' })),
    [],
  );
  useEffect(() => void reload(), [reload]);

  const providerIds = useMemo(() => [...new Set((routes ?? []).flatMap((r) => r.providers ?? []))].sort(), [routes]);
  useEffect(() => {
    let live = true;
    const load = () =>
      Promise.all(providerIds.map(async (id) => [id, await api.providerHealth(id).catch(() => null)] as const)).then((pairs) => {
        if (live) setHealth(Object.fromEntries(pairs));
      });
    void load();
    const timer = setInterval(load, 5000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [providerIds]);

  return (
    <div className="app routes-page">
      <header className="app-header">
        <span className="brand">Pipelines designer</span>
        <span className="doc-title">Gateway routes</span>
        <nav className="links small" aria-label="Service">
          <a href="#/" data-testid="pipelines-link">
            Pipelines
          </a>
          <a href="/swagger" target="_blank" rel="noreferrer">
            Swagger
          </a>
          <span title={`tenant ${me.tenant ?? ''}`}>
            {me.name} ({me.role})
          </span>
          <button type="button" className="link" onClick={onSignOut}>
            Forget key
          </button>
        </nav>
      </header>
      {message && (
        <div className={`banner ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="routes-message">
          {message.text}
        </div>
      )}
      <main className="routes">
        {routes === null && <p className="muted">Loading routes…</p>}
        {routes?.length === 0 && <p className="muted">No routes yet: create one with POST /api/v1/routes or `pipelines deploy` a route file.</p>}
        {routes?.map((r) => (
          <section key={r.name ?? ''} className="route-card" data-testid={`route-${r.name}`}>
            <div className="route-head">
              <strong>{r.name}</strong>
              <span className="badge">{r.origin === 'Tenant' ? 'tenant' : 'configuration'}</span>
              {r.updatedBy && (
                <span className="muted small" data-testid={`route-${r.name}-updated`}>
                  changed by {r.updatedBy}
                  {r.updatedAt ? ` at ${new Date(r.updatedAt).toLocaleString()}` : ''} · v{r.version}
                </span>
              )}
              {r.origin === 'Tenant' && canWrite && editing !== r.name && (
                <button type="button" onClick={() => setEditing(r.name ?? null)} data-testid={`route-${r.name}-edit`}>
                  Edit policy
                </button>
              )}
            </div>
            {r.description && <div className="small">{r.description}</div>}
            <ol className="provider-health route-providers">
              {(r.providers ?? []).map((id) => {
                const h = health[id];
                const circuit = circuitOf(h);
                const score = typeof h?.score === 'number' ? h.score : null;
                return (
                  <li key={id} data-testid={`route-${r.name}-provider-${id}`}>
                    <span>{id}</span>{' '}
                    {circuit && <span className={`badge circuit-${circuit}`}>circuit {circuit.replace('_', '-')}</span>}{' '}
                    <span className="small muted">{score !== null ? `health ${Math.round(score * 100)}%` : h === undefined ? 'loading…' : 'no health reported'}</span>
                  </li>
                );
              })}
            </ol>
            <div className="small" data-testid={`route-${r.name}-policy`}>
              {describePolicy(r.policy)}
            </div>
            {editing === r.name && (
              <PolicyEditor
                name={r.name ?? ''}
                onClose={() => setEditing(null)}
                onSaved={(saved) => {
                  setEditing(null);
                  setMessage({ text: `Saved route ${saved.name} (v${saved.version}).`, kind: 'ok' });
                  void reload();
                }}
              />
            )}
          </section>
        ))}
      </main>
    </div>
  );
}

/** Edits strategy, swapOn and deadline; every other field of the route (and of its policy) is sent back as read. */
function PolicyEditor({ name, onClose, onSaved }: { name: string; onClose: () => void; onSaved: (route: RouteView) => void }) {
  const [read, setRead] = useState<{ route: RouteView; etag: string } | null>(null);
  const [strategy, setStrategy] = useState<string>('ordered');
  const [swapOn, setSwapOn] = useState<string[]>([]);
  const [deadline, setDeadline] = useState('');
  const [problem, setProblem] = useState<{ text: string; diagnostics: Diagnostic[] } | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    const { body, etag } = await api.getRoute(name);
    setRead({ route: body, etag: etag ?? '*' });
    setStrategy(body.policy?.strategy ?? 'ordered');
    setSwapOn([...(body.policy?.swapOn ?? [])]);
    setDeadline(body.policy?.deadline ?? '');
  }, [name]);
  useEffect(() => {
    load().catch((error: unknown) => setProblem({ text: (error as Error).message, diagnostics: [] }));
  }, [load]);

  const save = async () => {
    if (!read) return;
    setBusy(true);
    setProblem(null);
    try {
      const policy = { ...read.route.policy, strategy, swapOn, deadline: deadline.trim() || null } as Policy;
      const { body } = await api.updateRoute(name, { ...read.route, policy }, read.etag);
      onSaved(body);
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) {
        setProblem({ text: 'Someone changed this route since you opened it: reloaded their version, reapply your change.', diagnostics: [] });
        await load();
      } else if (error instanceof ApiError) {
        setProblem({ text: error.message, diagnostics: error.diagnostics });
      } else {
        setProblem({ text: (error as Error).message, diagnostics: [] });
      }
    } finally {
      setBusy(false);
    }
  };

  if (!read) return <p className="muted small">{problem?.text ?? 'Loading…'}</p>;
  return (
    <form
      className="policy-editor"
      data-testid="policy-editor"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label>
        Strategy{' '}
        <select value={strategy} onChange={(e) => setStrategy(e.target.value)} data-testid="policy-strategy">
          {STRATEGIES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>Swap on</legend>
        {SWAP_REASONS.map((reason) => (
          <label key={reason} className="small">
            <input
              type="checkbox"
              checked={swapOn.includes(reason)}
              onChange={(e) => setSwapOn(e.target.checked ? [...swapOn, reason] : swapOn.filter((s) => s !== reason))}
              data-testid={`policy-swap-${reason}`}
            />{' '}
            {reason}
          </label>
        ))}
      </fieldset>
      <label>
        Deadline{' '}
        <input value={deadline} placeholder="30s" onChange={(e) => setDeadline(e.target.value)} data-testid="policy-deadline" />
      </label>
      {problem && (
        <div className="error small" role="alert" data-testid="policy-error">
          {problem.text}
          <ul>
            {problem.diagnostics.map((d) => (
              <li key={`${d.pointer}-${d.code}`}>
                <code>{d.pointer}</code> {d.code} {d.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy} data-testid="policy-save">
          Save
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
