import { useRef } from 'react';
import type { Diagnostic } from '../api/client';

interface Props {
  text: string;
  parseError: string | null;
  diagnostics: Diagnostic[];
  onChange: (text: string) => void;
}

/** The definition as YAML: edits here redraw the canvas as soon as the text parses. */
export function YamlView({ text, parseError, diagnostics, onChange }: Props) {
  const area = useRef<HTMLTextAreaElement>(null);
  const goTo = (line: number | null | undefined) => {
    const el = area.current;
    if (!el || !line) return;
    const lines = text.split('\n');
    const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    el.focus();
    el.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
    el.scrollTop = Math.max(0, (line - 5) * 17);
  };
  return (
    <section className="yaml-view" aria-label="YAML">
      <div className="panel-title">
        <h2>YAML</h2>
        <span className="muted small">edits sync with the canvas</span>
      </div>
      <textarea ref={area} className="mono" spellCheck={false} value={text} data-testid="yaml-editor" onChange={(e) => onChange(e.target.value)} aria-invalid={!!parseError} />
      {parseError && (
        <div className="yaml-error" role="alert" data-testid="yaml-error">
          Not applied: {parseError}
        </div>
      )}
      {diagnostics.some((d) => d.line) && (
        <ul className="yaml-diagnostics">
          {diagnostics
            .filter((d) => d.line)
            .map((d, i) => (
              <li key={i}>
                <button type="button" className="link" onClick={() => goTo(d.line)}>
                  line {d.line}:{d.column}
                </button>{' '}
                <code>{d.code}</code> {d.message}
              </li>
            ))}
        </ul>
      )}
    </section>
  );
}
