import { useEffect, useState } from 'react';
import { ApiError, api, storeKey, storedKey, type WhoAmI } from '../api/client';

/** Asks for the API key once per browser session (kept in sessionStorage) and checks it against /api/v1/me. */
export function KeyGate({ onReady }: { onReady: (me: WhoAmI) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(!!storedKey());

  const check = async () => {
    setChecking(true);
    try {
      onReady(await api.whoAmI());
    } catch (e) {
      storeKey(null);
      setError(e instanceof ApiError && e.status === 401 ? 'That key was not accepted.' : e instanceof Error ? e.message : String(e));
    } finally {
      setChecking(false);
    }
  };

  useEffect(() => {
    if (storedKey()) void check();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <div className="key-gate">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          storeKey(key.trim());
          void check();
        }}
      >
        <h1>Pipelines designer</h1>
        <p>Enter your API key. It is kept for this browser tab only (session storage) and sent as the X-Api-Key header.</p>
        <input type="password" autoFocus autoComplete="off" placeholder="pk_…" value={key} data-testid="api-key-input" onChange={(e) => setKey(e.target.value)} aria-label="API key" />
        <button type="submit" className="primary" disabled={!key.trim() || checking} data-testid="api-key-submit">
          {checking ? 'Checking…' : 'Continue'}
        </button>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <p className="small">
          <a href="/swagger">Swagger UI</a> · <a href="/health/ready">Health</a>
        </p>
      </form>
    </div>
  );
}
