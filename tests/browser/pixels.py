"""Screenshots compared in the browser that took them, pixel by pixel.

`with_pixels(body)` is a Playwright function of `[first, second, ...]` (two PNGs
in base64, then whatever `body` needs) that has `a` and `b`, their ImageData
(RGBA bytes in `data`), in scope.
"""

_DECODE = """const pixels = async (png) => {
        const image = new Image();
        image.src = `data:image/png;base64,${png}`;
        await image.decode();
        const canvas = new OffscreenCanvas(image.width, image.height);
        const context = canvas.getContext("2d");
        context.drawImage(image, 0, 0);
        return context.getImageData(0, 0, image.width, image.height);
    };
    const [a, b] = [await pixels(first), await pixels(second)];"""


def with_pixels(parameters: str, body: str) -> str:
    """`async ([parameters]) => { decode a and b; body }`."""
    return f"async ([{parameters}]) => {{\n    {_DECODE}\n{body}\n}}"
