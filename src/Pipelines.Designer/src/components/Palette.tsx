import type { DragEvent } from 'react';
import { DRAG_TYPE } from './Canvas';

export interface PaletteItem {
  uses: string;
  label: string;
  hint: string;
  group: 'capability' | 'kind';
}

interface Props {
  items: PaletteItem[];
  source: string;
  onAdd: (uses: string) => void;
}

/** Drag an item onto the canvas; Enter or a click adds it without a mouse. */
export function Palette({ items, source, onAdd }: Props) {
  const start = (event: DragEvent, uses: string) => {
    event.dataTransfer.setData(DRAG_TYPE, uses);
    event.dataTransfer.effectAllowed = 'move';
  };
  const group = (name: PaletteItem['group'], title: string) => (
    <section>
      <h3>{title}</h3>
      <ul>
        {items
          .filter((i) => i.group === name)
          .map((item) => (
            <li key={item.uses}>
              <button
                type="button"
                className={`palette-item palette-${name}`}
                draggable
                onDragStart={(e) => start(e, item.uses)}
                onClick={() => onAdd(item.uses)}
                title={`${item.hint} Drag onto the canvas, or press Enter to add.`}
                data-testid={`palette-${item.uses}`}
              >
                {item.label}
              </button>
            </li>
          ))}
      </ul>
    </section>
  );
  return (
    <aside className="palette" aria-label="Palette" data-testid="palette">
      {group('capability', 'Capabilities')}
      {group('kind', 'Step kinds')}
      <p className="muted small">{source}</p>
    </aside>
  );
}
