import { useCallback, useEffect, useMemo, useState, type DragEvent } from 'react';
import {
  Background,
  Controls,
  MarkerType,
  ReactFlow,
  applyNodeChanges,
  useReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
  type FinalConnectionState,
  type IsValidConnection,
  type NodeChange,
} from '@xyflow/react';
import type { Diagnostic } from '../api/client';
import { positions } from '../layout';
import type { LiveSteps } from '../live';
import { isCapability, newStep, refuseDependency, removeSteps, stepDiagnostics, uniqueStepId, type PipelineDef } from '../model';
import { StepNode, type StepNodeType } from './StepNode';

export const DRAG_TYPE = 'application/x-pipelines-step';

export type Selection = { kind: 'step'; id: string } | { kind: 'edge'; id: string } | null;

interface Props {
  def: PipelineDef;
  diagnostics: Diagnostic[];
  live: LiveSteps | null;
  selection: Selection;
  onSelect: (selection: Selection) => void;
  onChange: (def: PipelineDef) => void;
  onMessage: (text: string, kind?: 'info' | 'error') => void;
}

const nodeTypes = { step: StepNode };

function summaryOf(def: PipelineDef, id: string): string {
  const step = def.steps[id];
  const first = step?.with && Object.entries(step.with).find(([, v]) => typeof v === 'string' && v);
  if (first) return `${first[0]}: ${String(first[1]).slice(0, 60)}`;
  if (step?.if) return `if ${step.if}`;
  return '';
}

/** Adds a step of a kind at a position, with a fresh id, and selects nothing (the caller does). */
export function addStep(def: PipelineDef, uses: string, at: { x: number; y: number }): { def: PipelineDef; id: string } {
  const id = uniqueStepId(def, uses);
  return {
    id,
    def: {
      ...def,
      steps: { ...def.steps, [id]: newStep(uses) },
      layout: { ...positions(def), [id]: { x: Math.round(at.x), y: Math.round(at.y) } },
    },
  };
}

export function Canvas({ def, diagnostics, live, selection, onSelect, onChange, onMessage }: Props) {
  const flow = useReactFlow();
  // Fit an opened pipeline into view once; a new, empty canvas keeps its viewport while steps are dropped on it.
  const [fitOnOpen] = useState(() => Object.keys(def.steps).length > 0);
  const [nodes, setNodes] = useState<StepNodeType[]>([]);

  // Nodes follow the definition; existing node objects are kept (with their measured size) and updated.
  useEffect(() => {
    const placed = positions(def);
    setNodes((previous) => {
      const byId = new Map(previous.map((n) => [n.id, n]));
      return Object.entries(def.steps).map(([id, step]) => {
        const old = byId.get(id);
        const data = {
          stepId: id,
          uses: typeof step.uses === 'string' ? step.uses : '',
          providers: Array.isArray(step.providers) ? step.providers : [],
          summary: summaryOf(def, id),
          diagnostics: stepDiagnostics(diagnostics, id),
          live: live?.[id] ?? null,
        };
        const position = def.layout?.[id] ?? old?.position ?? placed[id];
        const selected = selection?.kind === 'step' && selection.id === id;
        return old ? { ...old, position, data, selected } : { id, type: 'step' as const, position, data, selected };
      });
    });
  }, [def, diagnostics, live, selection]);

  const edges = useMemo<Edge[]>(
    () =>
      Object.entries(def.steps).flatMap(([id, step]) =>
        (Array.isArray(step.needs) ? step.needs : [])
          .filter((need) => def.steps[need])
          .map((need) => {
            const edgeId = `${need}->${id}`;
            const done = live?.[need]?.status === 'succeeded';
            return {
              id: edgeId,
              source: need,
              target: id,
              selected: selection?.kind === 'edge' && selection.id === edgeId,
              animated: live?.[id]?.status === 'running',
              markerEnd: { type: MarkerType.ArrowClosed },
              className: done ? 'edge-done' : undefined,
              ariaLabel: `${id} needs ${need}`,
            };
          }),
      ),
    [def, live, selection],
  );

  const onNodesChange = useCallback(
    (changes: NodeChange<StepNodeType>[]) => {
      setNodes((current) => applyNodeChanges(changes.filter((c) => c.type !== 'remove' && c.type !== 'select'), current));
      const picked = changes.find((c) => c.type === 'select' && c.selected);
      if (picked && picked.type === 'select') onSelect({ kind: 'step', id: picked.id });
    },
    [onSelect],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      const picked = changes.find((c) => c.type === 'select' && c.selected);
      if (picked && picked.type === 'select') onSelect({ kind: 'edge', id: picked.id });
    },
    [onSelect],
  );

  const onNodeDragStop = useCallback(() => {
    setNodes((current) => {
      const layout = Object.fromEntries(current.map((n) => [n.id, { x: Math.round(n.position.x), y: Math.round(n.position.y) }]));
      const same = current.every((n) => def.layout?.[n.id]?.x === layout[n.id].x && def.layout?.[n.id]?.y === layout[n.id].y);
      if (!same) queueMicrotask(() => onChange({ ...def, layout }));
      return current;
    });
  }, [def, onChange]);

  const isValidConnection = useCallback<IsValidConnection>(
    (connection) => refuseDependency(def, connection.source, connection.target) === null,
    [def],
  );

  const onConnect = useCallback(
    (connection: Connection) => {
      const refused = refuseDependency(def, connection.source, connection.target);
      if (refused) {
        onMessage(refused, 'error');
        return;
      }
      const target = def.steps[connection.target];
      onChange({ ...def, steps: { ...def.steps, [connection.target]: { ...target, needs: [...(target.needs ?? []), connection.source] } } });
      onMessage(`${connection.target} now needs ${connection.source}.`);
    },
    [def, onChange, onMessage],
  );

  const onConnectEnd = useCallback(
    (_: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (state.isValid || !state.fromNode || !state.toNode || state.fromNode.id === state.toNode.id) return;
      const [source, target] = state.fromHandle?.type === 'target' ? [state.toNode.id, state.fromNode.id] : [state.fromNode.id, state.toNode.id];
      const refused = refuseDependency(def, source, target);
      if (refused) onMessage(refused, 'error');
    },
    [def, onMessage],
  );

  const onDelete = useCallback(
    ({ nodes: gone, edges: cut }: { nodes: StepNodeType[]; edges: Edge[] }) => {
      let next = def;
      if (cut.length > 0) {
        const steps = { ...next.steps };
        for (const edge of cut) {
          const target = steps[edge.target];
          if (target) steps[edge.target] = { ...target, needs: (target.needs ?? []).filter((n) => n !== edge.source) };
          if (steps[edge.target]?.needs?.length === 0) delete steps[edge.target].needs;
        }
        next = { ...next, steps };
      }
      if (gone.length > 0) next = removeSteps(next, gone.map((n) => n.id));
      onChange(next);
      onSelect(null);
      onMessage(gone.length > 0 ? `Deleted ${gone.map((n) => n.id).join(', ')}.` : `Removed ${cut.length} dependency.`);
    },
    [def, onChange, onSelect, onMessage],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (event.dataTransfer.types.includes(DRAG_TYPE)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
    }
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const uses = event.dataTransfer.getData(DRAG_TYPE);
      if (!uses) return;
      event.preventDefault();
      const at = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      const added = addStep(def, uses, { x: at.x - 110, y: at.y - 30 });
      onChange(added.def);
      onSelect({ kind: 'step', id: added.id });
      onMessage(`Added ${isCapability(uses) ? 'capability' : uses} step ${added.id}.`);
    },
    [def, flow, onChange, onSelect, onMessage],
  );

  return (
    <div className="canvas" data-testid="canvas" onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStop={onNodeDragStop}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onDelete={onDelete}
        onPaneClick={() => onSelect(null)}
        deleteKeyCode={['Delete', 'Backspace']}
        fitView={fitOnOpen}
        fitViewOptions={{ maxZoom: 1, padding: 0.2 }}
        minZoom={0.2}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={16} />
        <Controls showInteractive={false} />
      </ReactFlow>
      {Object.keys(def.steps).length === 0 && (
        <div className="canvas-empty">Drag a capability or step kind from the palette onto the canvas to add a step.</div>
      )}
    </div>
  );
}
