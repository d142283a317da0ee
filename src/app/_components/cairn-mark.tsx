/** Cairn's mark: three balanced stones. Decorative; always placed next to the word "Cairn". */
export function CairnMark({ className = "size-6" }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={className} aria-hidden="true" focusable="false">
      <ellipse cx="16" cy="25.5" rx="12.5" ry="4.5" fill="#57534e" />
      <ellipse cx="15" cy="16.5" rx="9" ry="4" fill="#78716c" />
      <ellipse cx="16.5" cy="8.5" rx="5.5" ry="3.5" fill="#a8a29e" />
    </svg>
  );
}
