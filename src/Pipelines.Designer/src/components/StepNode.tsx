import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { Diagnostic } from '../api/client';
import type { LiveStep } from '../live';

export interface StepNodeData extends Record<string, unknown> {
  stepId: string;
  uses: string;
  providers: string[];
  summary: string;
  diagnostics: Diagnostic[];
  live: LiveStep | null;
}

export type StepNodeType = Node<StepNodeData, 'step'>;

const KIND_CLASS: Record<string, string> = { transform: 'transform', approval: 'approval', foreach: 'foreach' };

export function StepNode({ data, selected }: NodeProps<StepNodeType>) {
  const { stepId, uses, providers, summary, diagnostics, live } = data;
  const status = live?.status ?? 'idle';
  const invalid = diagnostics.length > 0;
  return (
    <div
      className={`step-node status-${status}${invalid ? ' invalid' : ''}${selected ? ' selected' : ''}`}
      data-testid={`node-${stepId}`}
      data-status={status}
      data-invalid={invalid ? 'true' : 'false'}
    >
      <Handle type="target" position={Position.Top} data-testid={`handle-in-${stepId}`} />
      <div className="step-head">
        <span className={`step-kind kind-${KIND_CLASS[uses] ?? 'capability'}`} aria-hidden />
        <span className="step-id">{stepId}</span>
        <span className="step-uses">{uses || '?'}</span>
      </div>
      {providers.length > 0 && <div className="step-providers" title="Providers, in order">{providers.join(' › ')}</div>}
      {summary && !live && <div className="step-summary">{summary}</div>}
      {live && (
        <div className="step-live" data-testid={`node-status-${stepId}`}>
          <span className={`badge badge-${status}`}>{status}</span>
          {live.provider && <span className="step-provider">on {live.provider}</span>}
          {live.attempts > 1 && <span className="step-attempts">{live.attempts} calls</span>}
        </div>
      )}
      {live?.swaps.map((swap, i) => (
        <div key={i} className="step-swap" data-testid={`node-swap-${stepId}`} title="The step moved to the next provider">
          ⇄ {swap.from} → {swap.to}, {swap.reason}
        </div>
      ))}
      {live?.status === 'failed' && live.error && <div className="step-error">{live.error}</div>}
      {invalid && (
        <div className="step-error" data-testid={`node-error-${stepId}`} title={diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n')}>
          ⚠ {diagnostics[0].code}: {diagnostics[0].message}
          {diagnostics.length > 1 && ` (+${diagnostics.length - 1})`}
        </div>
      )}
      <Handle type="source" position={Position.Bottom} data-testid={`handle-out-${stepId}`} />
    </div>
  );
}
