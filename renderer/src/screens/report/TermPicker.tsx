import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { FseDeskBridge, TerminologyEntry } from '../../../../contract/api.js';
import type { ControlProps } from './ReportField.js';

interface TermPickerProps {
  bridge: FseDeskBridge;
  system: 'icd9cm' | 'loinc';
  control: ControlProps;
  /** The chosen entry's code ('' = none) and its text as shown. */
  code: string;
  display: string;
  placeholder?: string;
  onChoose: (entry: TerminologyEntry) => void;
  /** Free text typed without choosing from the list (the code is then cleared). */
  onText: (text: string) => void;
}

/**
 * A searchable list (ARIA combobox): the user types words, the main process searches the code system
 * (terminology:search), arrows and Enter choose. The code is kept beside the words and shown in small.
 */
export function TermPicker({ bridge, system, control, code, display, placeholder, onChoose, onText }: TermPickerProps) {
  const listId = useId();
  const [options, setOptions] = useState<TerminologyEntry[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [query, setQuery] = useState<string | null>(null);
  const seq = useRef(0);

  useEffect(() => {
    if (query === null || query.trim().length < 2) {
      setOptions([]);
      return;
    }
    const mine = ++seq.current;
    const timer = setTimeout(() => {
      void bridge.invoke('terminology:search', { system, text: query.trim() }).then((r) => {
        if (mine !== seq.current) return;
        setOptions(r.ok ? r.value : []);
        setActive(-1);
        setOpen(true);
      });
    }, 200);
    return () => clearTimeout(timer);
  }, [bridge, system, query]);

  function choose(entry: TerminologyEntry) {
    onChoose(entry);
    setQuery(null);
    setOpen(false);
    setOptions([]);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown' && options.length) {
      e.preventDefault();
      setOpen(true);
      setActive((a) => (a + 1) % options.length);
    } else if (e.key === 'ArrowUp' && options.length) {
      e.preventDefault();
      setOpen(true);
      setActive((a) => (a <= 0 ? options.length - 1 : a - 1));
    } else if (e.key === 'Enter' && open && active >= 0 && options[active]) {
      e.preventDefault();
      choose(options[active]);
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      setOpen(false);
    }
  }

  const expanded = open && options.length > 0;
  return (
    <div className="term-picker">
      <div className="term-input">
        <input
          {...control}
          type="text"
          role="combobox"
          autoComplete="off"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
          placeholder={placeholder}
          value={query ?? display}
          onChange={(e) => {
            setQuery(e.target.value);
            onText(e.target.value);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
        />
        {code && <span className="term-code mono">{code}</span>}
      </div>
      <ul id={listId} role="listbox" className="term-options" hidden={!expanded}>
        {options.map((o, i) => (
          <li
            key={o.code}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'active' : undefined}
            onMouseDown={(e) => {
              e.preventDefault();
              choose(o);
            }}
          >
            <span>{o.display}</span> <span className="mono muted">{o.code}</span>
          </li>
        ))}
      </ul>
      {query !== null && query.trim().length >= 2 && open && options.length === 0 && <p className="hint">Nessuna voce trovata.</p>}
    </div>
  );
}
