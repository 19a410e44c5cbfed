/** Shows a seal's SVG as an image (an <img> never runs scripts an SVG might hold). */
export function SealImage({
  svg,
  alt,
  fill = false,
}: {
  readonly svg: string;
  readonly alt: string;
  /** Fill the parent box (on a page) instead of the library's thumbnail size. */
  readonly fill?: boolean;
}) {
  return (
    <img
      className={fill ? undefined : 'sd-seal-preview'}
      alt={alt}
      draggable={false}
      style={
        fill ? { width: '100%', height: '100%', objectFit: 'contain', display: 'block' } : undefined
      }
      src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`}
    />
  );
}
