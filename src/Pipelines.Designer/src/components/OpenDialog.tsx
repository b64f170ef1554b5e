import { useEffect, useState } from 'react';
import { api, type PipelineSummary } from '../api/client';
import { Modal } from './Modal';

interface Props {
  dirty: boolean;
  onOpen: (id: string) => void;
  onNew: () => void;
  onClose: () => void;
}

export function OpenDialog({ dirty, onOpen, onNew, onClose }: Props) {
  const [query, setQuery] = useState('');
  const [items, setItems] = useState<PipelineSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      api
        .listPipelines(query)
        .then((page) => live && (setItems(page.items ?? []), setError(null)))
        .catch((e: Error) => live && setError(e.message));
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query]);

  return (
    <Modal title="Open a pipeline" onClose={onClose} testid="open-dialog">
      <input autoFocus placeholder="Search by id or title" value={query} data-testid="pipeline-search" onChange={(e) => setQuery(e.target.value)} />
      {dirty && <p className="warning small">Opening another pipeline discards your unsaved changes.</p>}
      {error && <p className="error">{error}</p>}
      <ul className="pipeline-list" data-testid="pipeline-list">
        {items?.length === 0 && <li className="muted">No pipelines match.</li>}
        {items?.map((p) => (
          <li key={p.id}>
            <button type="button" data-testid={`open-${p.id}`} onClick={() => onOpen(p.id ?? '')}>
              <strong>{p.title}</strong> <code>{p.id}</code>
              <span className="muted small">
                {p.status} · {p.latestVersion ? `v${p.latestVersion}` : 'never published'} · {p.updatedAt ? new Date(p.updatedAt).toLocaleString() : ''}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <div className="dialog-actions">
        <button type="button" onClick={onNew} data-testid="new-pipeline">
          New pipeline
        </button>
      </div>
    </Modal>
  );
}
