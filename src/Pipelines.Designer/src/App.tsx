import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { ApiError, api, followRunEvents, storeKey, type ConnectorInfo, type Diagnostic, type PipelineView, type ProviderView, type StartRunRequest, type WhoAmI } from './api/client';
import { Canvas, addStep, type Selection } from './components/Canvas';
import { HealthPanel } from './components/HealthPanel';
import { KeyGate } from './components/KeyGate';
import { Modal } from './components/Modal';
import { OpenDialog } from './components/OpenDialog';
import { Palette, type PaletteItem } from './components/Palette';
import { Properties } from './components/Properties';
import { RoutesPage } from './components/RoutesPage';
import { RunPanel, type RunState } from './components/RunPanel';
import { VersionsPanel } from './components/VersionsPanel';
import { YamlView } from './components/YamlView';
import { applyEvent } from './live';
import { BUILT_IN_CAPABILITIES, STEP_KINDS, fromYaml, locate, newPipeline, removeSteps, toYaml, type Json, type PipelineDef } from './model';

interface Doc {
  def: PipelineDef;
  yaml: string;
  yamlError: string | null;
}

interface ServerState {
  id: string;
  etag: string;
  view: PipelineView;
}

type Tab = 'properties' | 'versions' | 'run' | 'providers';
type Message = { text: string; kind: 'info' | 'error' | 'ok' } | null;

const docOf = (def: PipelineDef): Doc => ({ def, yaml: toYaml(def), yamlError: null });

const onRoutesPage = () => window.location.hash === '#/routes';

export function App() {
  const [me, setMe] = useState<WhoAmI | null>(null);
  const [routes, setRoutes] = useState(onRoutesPage);
  useEffect(() => {
    const follow = () => setRoutes(onRoutesPage());
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  if (!me) return <KeyGate onReady={setMe} />;
  const signOut = () => {
    storeKey(null);
    setMe(null);
  };
  if (routes) return <RoutesPage me={me} onSignOut={signOut} />;
  return (
    <ReactFlowProvider>
      <Designer me={me} onSignOut={signOut} />
    </ReactFlowProvider>
  );
}

const KIND_HINTS: Record<string, string> = {
  transform: 'Reshape data with templates, no model call.',
  approval: 'Wait for a human to approve or reject.',
  foreach: 'Run an inner step once per item of a list.',
};

function Designer({ me, onSignOut }: { me: WhoAmI; onSignOut: () => void }) {
  const flow = useReactFlow();
  const [doc, setDoc] = useState<Doc>(() => docOf(newPipeline()));
  const [server, setServer] = useState<ServerState | null>(null);
  const [dirty, setDirty] = useState(false);
  const [diagnostics, setDiagnostics] = useState<Diagnostic[]>([]);
  const [selection, setSelection] = useState<Selection>(null);
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [conflict, setConflict] = useState<{ yaml: string; etag: string; showing: boolean } | null>(null);
  const [tab, setTab] = useState<Tab>('properties');
  const [showYaml, setShowYaml] = useState(true);
  const [showOpen, setShowOpen] = useState(false);
  const [showProblems, setShowProblems] = useState(false);
  const [providers, setProviders] = useState<ProviderView[]>([]);
  const [connectors, setConnectors] = useState<ConnectorInfo[] | null>(null);
  const [run, setRun] = useState<RunState | null>(null);
  const [runProblems, setRunProblems] = useState<string[]>([]);
  const [revision, setRevision] = useState(0);
  const [canvasKey, setCanvasKey] = useState(0);
  const runAbort = useRef<AbortController | null>(null);

  const say = useCallback((text: string, kind: 'info' | 'error' | 'ok' = 'info') => setMessage({ text, kind }), []);

  // ---- the document: canvas/properties edit the model, the YAML view edits the text; each updates the other.
  const changeDef = useCallback((def: PipelineDef) => {
    setDoc(docOf(def));
    setDirty(true);
  }, []);

  const changeYaml = useCallback((yaml: string) => {
    const parsed = fromYaml(yaml);
    setDoc((d) => (parsed.ok ? { def: parsed.def, yaml, yamlError: null } : { ...d, yaml, yamlError: parsed.error }));
    setDirty(true);
  }, []);

  const load = useCallback((def: PipelineDef, yaml?: string) => {
    setDoc(yaml ? { def, yaml, yamlError: null } : docOf(def));
    setDirty(false);
    setSelection(null);
    setDiagnostics([]);
    setConflict(null);
    setCanvasKey((k) => k + 1);
  }, []);

  // ---- providers, connectors (palette)
  useEffect(() => {
    api.listProviders().then(setProviders).catch((e: Error) => say(`Providers: ${e.message}`, 'error'));
    api.listConnectors().then(setConnectors).catch(() => setConnectors(null));
  }, [say]);

  const palette = useMemo<{ items: PaletteItem[]; source: string }>(() => {
    const fromConnectors = connectors?.flatMap((c) => c.capabilities) ?? [];
    const fromProviders = providers.flatMap((p) => p.capabilities ?? []);
    const capabilities = [...new Set(fromConnectors.length > 0 ? fromConnectors : fromProviders.length > 0 ? fromProviders : BUILT_IN_CAPABILITIES)].sort();
    const source = fromConnectors.length > 0 ? 'Capabilities from the connectors.' : 'Capabilities from the configured providers.';
    const count = (cap: string) => providers.filter((p) => (p.capabilities ?? []).includes(cap)).length;
    return {
      source,
      items: [
        ...capabilities.map((c) => ({ uses: c, label: c, hint: `${count(c)} provider(s) offer ${c}.`, group: 'capability' as const })),
        ...STEP_KINDS.map((k) => ({ uses: k, label: k, hint: KIND_HINTS[k], group: 'kind' as const })),
      ],
    };
  }, [connectors, providers]);

  // ---- open / new
  const open = useCallback(
    async (id: string) => {
      setShowOpen(false);
      try {
        const [text, view] = await Promise.all([api.getPipelineYaml(id), api.getPipeline(id)]);
        const parsed = fromYaml(text.body);
        if (!parsed.ok) throw new Error(parsed.error);
        load(parsed.def, text.body);
        setServer({ id, etag: text.etag ?? view.body.eTag ?? '', view: view.body });
        setRun(null);
        window.location.hash = `#/pipelines/${encodeURIComponent(id)}`;
        say(`Opened ${id}.`);
      } catch (e) {
        say(`Could not open ${id}: ${e instanceof Error ? e.message : String(e)}`, 'error');
      }
    },
    [load, say],
  );

  const startNew = useCallback(() => {
    setShowOpen(false);
    load(newPipeline());
    setServer(null);
    setRun(null);
    window.location.hash = '#/new';
    say('New pipeline: drag steps from the palette.');
  }, [load, say]);

  useEffect(() => {
    const match = /^#\/pipelines\/(.+)$/.exec(window.location.hash);
    if (match) void open(decodeURIComponent(match[1]));
    else if (window.location.hash !== '#/new') setShowOpen(true);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // ---- live validation against the server (the validator decides), debounced
  const validation = useRef(0);
  useEffect(() => {
    if (doc.yamlError) return;
    const ticket = ++validation.current;
    const timer = setTimeout(() => {
      api
        .validate(doc.yaml)
        .then((result) => ticket === validation.current && setDiagnostics(result.diagnostics ?? []))
        .catch((e: unknown) => {
          if (ticket !== validation.current) return;
          if (e instanceof ApiError && e.diagnostics.length > 0) setDiagnostics(e.diagnostics);
        });
    }, 350);
    return () => clearTimeout(timer);
  }, [doc.yaml, doc.yamlError]);

  // ---- save, publish
  const applySaved = (view: PipelineView, etag: string | null) => {
    setServer({ id: view.id ?? '', etag: etag ?? view.eTag ?? '', view });
    setDirty(false);
    setConflict(null);
    setRevision((r) => r + 1);
    window.location.hash = `#/pipelines/${encodeURIComponent(view.id ?? '')}`;
  };

  const save = useCallback(
    async (overwriteEtag?: string): Promise<boolean> => {
      if (doc.yamlError) {
        say('The YAML does not parse; fix it before saving.', 'error');
        return false;
      }
      setBusy('Saving…');
      const creating = !server || server.id !== doc.def.id;
      try {
        const saved = creating ? await api.createPipeline(doc.yaml) : await api.updatePipeline(server.id, doc.yaml, overwriteEtag ?? server.etag);
        applySaved(saved.body, saved.etag);
        setDiagnostics([]);
        say(`Saved the draft of ${saved.body.id} (revision ${saved.body.draftRevision}).`, 'ok');
        return true;
      } catch (e) {
        if (e instanceof ApiError && e.status === 412 && server) {
          const theirs = await api.getPipelineYaml(server.id);
          setConflict({ yaml: theirs.body, etag: theirs.etag ?? '', showing: false });
          say('Not saved: someone else saved this pipeline since you opened it. Your edits are kept.', 'error');
        } else if (e instanceof ApiError && e.diagnostics.length > 0) {
          setDiagnostics(e.diagnostics);
          say(`Not saved: ${e.diagnostics.length} problem(s) in the definition.`, 'error');
        } else if (e instanceof ApiError && e.status === 409 && creating) {
          say(`Not saved: a pipeline with id ${doc.def.id} already exists. Open it, or change the id.`, 'error');
        } else {
          say(`Not saved: ${e instanceof Error ? e.message : String(e)}`, 'error');
        }
        return false;
      } finally {
        setBusy(null);
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [doc, server, say],
  );

  const publish = useCallback(async () => {
    if ((dirty || !server) && !(await save())) return;
    const id = doc.def.id;
    setBusy('Publishing…');
    try {
      const version = await api.publish(id);
      const view = await api.getPipeline(id);
      setServer({ id, etag: view.etag ?? '', view: view.body });
      setRevision((r) => r + 1);
      say(`Published ${id} as version ${version.version}.`, 'ok');
    } catch (e) {
      say(`Not published: ${e instanceof Error ? e.message : String(e)}`, 'error');
    } finally {
      setBusy(null);
    }
  }, [dirty, server, save, doc.def.id, say]);

  // ---- runs
  const refreshRun = useCallback(async (id: string) => {
    try {
      const view = await api.getRun(id);
      setRun((r) => (r && r.id === id ? { ...r, view, status: view.status ?? r.status } : r));
    } catch {
      // the next event refreshes again
    }
  }, []);

  const startRun = useCallback(
    async (inputs: Record<string, Json>) => {
      if (!server) return;
      runAbort.current?.abort();
      setRunProblems([]);
      setBusy('Starting run…');
      try {
        // The contract types inputs as JsonNode objects; any JSON value is what the server reads.
        const started = await api.startRun({ pipelineId: server.id, inputs: inputs as unknown as StartRunRequest['inputs'] });
        const id = started.id ?? '';
        setRun({ id, status: started.status ?? 'Running', live: {}, view: started, error: null });
        say(`Run ${id} started on v${started.pipelineVersion}.`);
        const abort = new AbortController();
        runAbort.current = abort;
        void followRunEvents(
          id,
          (event) => {
            setRun((r) => {
              if (!r || r.id !== id) return r;
              const status = event.type === 'run_succeeded' ? 'Succeeded' : event.type === 'run_failed' ? 'Failed' : event.type === 'run_cancelled' ? 'Cancelled' : r.status;
              return { ...r, live: applyEvent(r.live, event), status };
            });
            if (/^(step_(succeeded|failed|skipped)|provider_swapped|run_)/.test(event.type)) void refreshRun(id);
            if (event.type === 'run_succeeded') say(`Run ${id} succeeded.`, 'ok');
            if (event.type === 'run_failed') say(`Run ${id} failed.`, 'error');
          },
          abort.signal,
        ).catch((e: Error) => setRun((r) => (r && r.id === id ? { ...r, error: `Event stream: ${e.message}` } : r)));
      } catch (e) {
        if (e instanceof ApiError && e.diagnostics.length > 0) setRunProblems(e.diagnostics.map((d) => `${d.pointer}: ${d.message} (${d.code})`));
        else if (e instanceof ApiError && e.problem?.errors) setRunProblems(Object.entries(e.problem.errors).map(([k, v]) => `${k}: ${v.join(' ')}`));
        else setRunProblems([e instanceof Error ? e.message : String(e)]);
        say('The run was not started.', 'error');
      } finally {
        setBusy(null);
      }
    },
    [server, refreshRun, say],
  );

  useEffect(() => () => runAbort.current?.abort(), []);

  // ---- editing helpers
  const addFromPalette = useCallback(
    (uses: string) => {
      const center = flow.screenToFlowPosition({ x: window.innerWidth / 2 - 100, y: window.innerHeight / 2 - 60 });
      const count = Object.keys(doc.def.steps).length;
      const added = addStep(doc.def, uses, { x: center.x + count * 16, y: center.y + count * 16 });
      changeDef(added.def);
      setSelection({ kind: 'step', id: added.id });
      setTab('properties');
      say(`Added ${added.id}.`);
    },
    [flow, doc.def, changeDef, say],
  );

  const deleteStep = useCallback(
    (id: string) => {
      changeDef(removeSteps(doc.def, [id]));
      setSelection(null);
      say(`Deleted ${id}.`);
    },
    [doc.def, changeDef, say],
  );

  const select = useCallback((s: Selection) => {
    setSelection(s);
    if (s?.kind === 'step') setTab('properties');
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !showOpen) setSelection(null);
      if ((e.ctrlKey || e.metaKey) && e.key === 's') {
        e.preventDefault();
        void save();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [showOpen, save]);

  const stepId = selection?.kind === 'step' && doc.def.steps[selection.id] ? selection.id : null;
  const latest = server?.view.latestVersion ?? null;
  const state = !server ? 'not saved yet' : dirty ? 'unsaved changes' : `draft r${server.view.draftRevision}${latest ? ` · v${latest} published${server.view.draftMatchesLatestVersion ? '' : ' (draft differs)'}` : ''}`;

  return (
    <div className="app">
      <header className="app-header">
        <span className="brand">Pipelines designer</span>
        <span className="doc-title" data-testid="doc-title">
          {doc.def.title || '(untitled)'} <code>{doc.def.id}</code>
        </span>
        <span className={`doc-state${dirty ? ' dirty' : ''}`} data-testid="doc-state">
          {state}
        </span>
        <nav className="actions" aria-label="Pipeline actions">
          <button type="button" onClick={() => setShowOpen(true)} data-testid="open-button">
            Open
          </button>
          <button type="button" onClick={startNew} data-testid="new-button">
            New
          </button>
          <button type="button" onClick={() => void save()} disabled={!!busy} data-testid="save-button" title="Save the draft (Ctrl+S)">
            Save
          </button>
          <button type="button" onClick={() => void publish()} disabled={!!busy} data-testid="publish-button">
            Publish
          </button>
          <button type="button" className="primary" onClick={() => setTab('run')} data-testid="run-button">
            Run…
          </button>
          <label className="toggle small">
            <input type="checkbox" checked={showYaml} onChange={(e) => setShowYaml(e.target.checked)} data-testid="toggle-yaml" /> YAML
          </label>
        </nav>
        <nav className="links small" aria-label="Service">
          <a href="/swagger" target="_blank" rel="noreferrer">
            Swagger
          </a>
          <a href="#/routes" data-testid="routes-link">
            Routes
          </a>
          <a href="/health/ready" target="_blank" rel="noreferrer" data-testid="health-link">
            Health
          </a>
          <span title={`tenant ${me.tenant ?? ''}`}>
            {me.name} ({me.role})
          </span>
          <button type="button" className="link" onClick={onSignOut}>
            Forget key
          </button>
        </nav>
      </header>

      {conflict && (
        <div className="banner error" role="alert" data-testid="conflict-banner">
          Someone else saved this pipeline after you opened it. Your edits are still here, not saved.
          <button type="button" onClick={() => setConflict({ ...conflict, showing: true })}>
            Show theirs
          </button>
          <button type="button" data-testid="conflict-overwrite" onClick={() => void save(conflict.etag)}>
            Overwrite with mine
          </button>
          <button
            type="button"
            onClick={() => {
              const parsed = fromYaml(conflict.yaml);
              if (parsed.ok && server) {
                load(parsed.def, conflict.yaml);
                setServer({ ...server, etag: conflict.etag });
              }
            }}
          >
            Discard mine, load theirs
          </button>
        </div>
      )}

      <main className={`workspace${showYaml ? ' with-yaml' : ''}`}>
        <Palette items={palette.items} source={palette.source} onAdd={addFromPalette} />
        <Canvas
          key={canvasKey}
          def={doc.def}
          diagnostics={diagnostics}
          live={run?.live ?? null}
          selection={selection}
          onSelect={select}
          onChange={changeDef}
          onMessage={say}
        />
        {showYaml && <YamlView text={doc.yaml} parseError={doc.yamlError} diagnostics={diagnostics} onChange={changeYaml} />}
        <aside className="side" aria-label="Panels">
          <div className="tabs" role="tablist">
            {(['properties', 'versions', 'run', 'providers'] as Tab[]).map((t) => (
              <button key={t} type="button" role="tab" aria-selected={tab === t} className={tab === t ? 'active' : ''} onClick={() => setTab(t)} data-testid={`tab-${t}`}>
                {t === 'providers' ? 'Health' : t[0].toUpperCase() + t.slice(1)}
              </button>
            ))}
          </div>
          <div className="tab-body">
            {tab === 'properties' && (
              <Properties
                def={doc.def}
                stepId={stepId}
                providers={providers}
                diagnostics={diagnostics}
                onChange={changeDef}
                onSelectStep={(id) => setSelection(id ? { kind: 'step', id } : null)}
                onDeleteStep={deleteStep}
              />
            )}
            {tab === 'versions' && <VersionsPanel pipelineId={server?.id ?? null} revision={`${revision}`} />}
            {tab === 'run' && (
              <RunPanel
                def={doc.def}
                publishedVersion={latest}
                draftPublished={!dirty && !!server?.view.draftMatchesLatestVersion}
                run={run}
                starting={busy === 'Starting run…'}
                problems={runProblems}
                onStart={(inputs) => void startRun(inputs)}
                onClear={() => {
                  runAbort.current?.abort();
                  setRun(null);
                }}
              />
            )}
            {tab === 'providers' && <HealthPanel providers={providers} connectors={connectors} />}
          </div>
        </aside>
      </main>

      <footer className="status-bar">
        <button type="button" className={`problems${diagnostics.length > 0 ? ' has' : ''}`} onClick={() => setShowProblems((s) => !s)} data-testid="diagnostics-count">
          {diagnostics.length === 0 ? '✓ valid' : `⚠ ${diagnostics.length} problem${diagnostics.length > 1 ? 's' : ''}`}
        </button>
        {busy && <span className="muted">{busy}</span>}
        {message && (
          <span className={`message ${message.kind}`} data-testid="message" role="status">
            {message.text}
          </span>
        )}
      </footer>
      {showProblems && diagnostics.length > 0 && (
        <ul className="problem-list" data-testid="problem-list">
          {diagnostics.map((d, i) => {
            const at = locate(d.pointer);
            return (
              <li key={i}>
                <button
                  type="button"
                  className="link"
                  onClick={() => {
                    if (at.scope === 'step' && at.name) select({ kind: 'step', id: at.name });
                    else {
                      setSelection(null);
                      setTab('properties');
                    }
                  }}
                >
                  {d.pointer || '/'}
                </button>{' '}
                <code>{d.code}</code> {d.message}
              </li>
            );
          })}
        </ul>
      )}

      {showOpen && <OpenDialog dirty={dirty} onOpen={(id) => void open(id)} onNew={startNew} onClose={() => setShowOpen(false)} />}
      {conflict?.showing && (
        <Modal title="Their version (on the server)" onClose={() => setConflict({ ...conflict, showing: false })} testid="conflict-dialog" wide>
          <div className="compare">
            <div>
              <h3>Theirs</h3>
              <pre className="mono">{conflict.yaml}</pre>
            </div>
            <div>
              <h3>Yours</h3>
              <pre className="mono">{doc.yaml}</pre>
            </div>
          </div>
        </Modal>
      )}
    </div>
  );
}
