/** Shows a seal's SVG as an image (an <img> never runs scripts an SVG might hold). */
export function SealImage({ svg, alt }: { readonly svg: string; readonly alt: string }) {
  return (
    <img
      className="sd-seal-preview"
      alt={alt}
      src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`}
    />
  );
}
