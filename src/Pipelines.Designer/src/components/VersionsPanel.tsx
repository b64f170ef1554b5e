import { useCallback, useEffect, useState } from 'react';
import { api, type DiffResult, type VersionSummary } from '../api/client';

interface Props {
  pipelineId: string | null;
  /** Changes whenever the server's draft or versions may have changed (save, publish). */
  revision: string;
}

/** Published versions, a version's YAML, and a structured diff between two versions or a version and the draft. */
export function VersionsPanel({ pipelineId, revision }: Props) {
  const [versions, setVersions] = useState<VersionSummary[]>([]);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('draft');
  const [diff, setDiff] = useState<DiffResult | null>(null);
  const [yaml, setYaml] = useState<{ version: number; text: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!pipelineId) return;
    api
      .listVersions(pipelineId)
      .then((list) => {
        setVersions(list);
        if (list.length > 0) setFrom((f) => f || String(list[list.length - 1].version));
      })
      .catch((e: Error) => setError(e.message));
  }, [pipelineId, revision]);

  const compare = useCallback(() => {
    if (!pipelineId || !from) return;
    setError(null);
    api.diff(pipelineId, from, to).then(setDiff).catch((e: Error) => setError(e.message));
  }, [pipelineId, from, to]);

  if (!pipelineId) return <p className="muted">Save the pipeline to see its versions.</p>;
  const options = [...versions.map((v) => String(v.version)), 'draft'];
  return (
    <div className="versions" data-testid="versions-panel">
      {versions.length === 0 && <p className="muted">Not published yet.</p>}
      <ul className="version-list">
        {[...versions].reverse().map((v) => (
          <li key={v.version} data-testid={`version-${v.version}`}>
            <strong>v{v.version}</strong> <span className="muted small">{v.publishedAt ? new Date(v.publishedAt).toLocaleString() : ''} by {v.publishedBy ?? '?'}</span>
            <button
              type="button"
              className="link"
              onClick={() =>
                api
                  .getVersionYaml(pipelineId, v.version ?? 0)
                  .then((text) => setYaml({ version: v.version ?? 0, text }))
                  .catch((e: Error) => setError(e.message))
              }
            >
              YAML
            </button>
          </li>
        ))}
      </ul>
      {versions.length > 0 && (
        <div className="diff-controls">
          <label>
            from{' '}
            <select value={from} onChange={(e) => setFrom(e.target.value)} data-testid="diff-from">
              {options.map((o) => (
                <option key={o}>{o}</option>
              ))}
            </select>
          </label>
          <label>
            to{' '}
            <select value={to} onChange={(e) => setTo(e.target.value)} data-testid="diff-to">
              {options.map((o) => (
                <option key={o}>{o}</option>
              ))}
            </select>
          </label>
          <button type="button" onClick={compare} data-testid="diff-compare">
            Compare
          </button>
        </div>
      )}
      {error && <p className="error">{error}</p>}
      {diff && <DiffView diff={diff} from={from} to={to} />}
      {yaml && (
        <div className="version-yaml">
          <div className="panel-title">
            <h3>v{yaml.version}</h3>
            <button type="button" className="icon" aria-label="Close" onClick={() => setYaml(null)}>
              ×
            </button>
          </div>
          <pre className="mono">{yaml.text}</pre>
        </div>
      )}
    </div>
  );
}

function DiffView({ diff, from, to }: { diff: DiffResult; from: string; to: string }) {
  const value = (v: string | null | undefined) => (v == null ? <em className="muted">none</em> : <code>{v}</code>);
  if (!diff.hasChanges) return <p data-testid="diff-result">No changes between {from} and {to}.</p>;
  return (
    <div className="diff" data-testid="diff-result">
      {(diff.stepsAdded ?? []).map((s) => (
        <div key={`a-${s}`} className="diff-added">+ step {s}</div>
      ))}
      {(diff.stepsRemoved ?? []).map((s) => (
        <div key={`r-${s}`} className="diff-removed">− step {s}</div>
      ))}
      {(diff.stepsChanged ?? []).map((s) => (
        <div key={`c-${s.stepId}`} className="diff-changed">
          ~ step {s.stepId}
          <ul>
            {(s.changes ?? []).map((c) => (
              <li key={c.path}>
                {c.path}: {value(c.oldValue)} → {value(c.newValue)}
              </li>
            ))}
          </ul>
        </div>
      ))}
      {(diff.changes ?? []).length > 0 && (
        <ul>
          {(diff.changes ?? []).map((c) => (
            <li key={c.path} className={c.path?.startsWith('layout') ? 'muted' : undefined}>
              {c.path}: {value(c.oldValue)} → {value(c.newValue)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
