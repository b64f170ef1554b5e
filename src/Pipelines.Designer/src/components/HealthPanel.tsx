import { useEffect, useState } from 'react';
import { api, type ConnectorInfo, type ProviderHealth, type ProviderView } from '../api/client';

interface Props {
  providers: ProviderView[];
  connectors: ConnectorInfo[] | null;
}

/** Providers with their capabilities and, where the service reports it, a health score and circuit state. */
export function HealthPanel({ providers, connectors }: Props) {
  const [health, setHealth] = useState<Record<string, ProviderHealth | null>>({});
  const [updated, setUpdated] = useState<Date | null>(null);

  useEffect(() => {
    let live = true;
    const load = () =>
      Promise.all(providers.map(async (p) => [p.id ?? '', await api.providerHealth(p.id ?? '').catch(() => null)] as const)).then((pairs) => {
        if (!live) return;
        setHealth(Object.fromEntries(pairs));
        setUpdated(new Date());
      });
    void load();
    const timer = setInterval(load, 5000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [providers]);

  return (
    <div className="health" data-testid="health-panel">
      <ul className="provider-health">
        {providers.map((p) => {
          const h = health[p.id ?? ''];
          const score = typeof h?.score === 'number' ? h.score : null;
          return (
            <li key={p.id} data-testid={`health-${p.id}`}>
              <div className="provider-head">
                <strong>{p.id}</strong>
                {h?.circuit && <span className={`badge circuit-${h.circuit}`}>circuit {h.circuit.replace('_', '-')}</span>}
              </div>
              <div className="muted small">{(p.capabilities ?? []).join(', ')}</div>
              {score !== null ? (
                <div className="score" title={`health score ${score.toFixed(2)}`}>
                  <div className="score-bar" style={{ width: `${Math.round(score * 100)}%`, background: score > 0.7 ? '#2f9e44' : score > 0.4 ? '#f59f00' : '#e03131' }} />
                  <span className="small">{Math.round(score * 100)}%</span>
                </div>
              ) : (
                <div className="muted small">{h === undefined ? 'loading…' : 'no health reported by the service yet'}</div>
              )}
            </li>
          );
        })}
      </ul>
      {connectors && connectors.length > 0 && (
        <>
          <h3>Connectors</h3>
          <ul>
            {connectors.map((c) => (
              <li key={c.name}>
                <strong>{c.name}</strong> <span className="muted small">{c.capabilities.join(', ')}</span>
                {c.description && <div className="small">{c.description}</div>}
              </li>
            ))}
          </ul>
        </>
      )}
      {updated && <p className="muted small">Refreshed every 5 s · {updated.toLocaleTimeString()}</p>}
    </div>
  );
}
