// Draws each [data-chart] from the JSON block its data-source names (json_script: CSP-safe).
const animation = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
document.querySelectorAll("[data-chart]").forEach((element) => {
  const rows = JSON.parse(document.getElementById(element.dataset.source).textContent);
  const kind = element.dataset.chart;
  // A pie of zeros would draw equal slices, as if every level held the same share.
  if (kind === "pie" && rows.every((row) => row[1] === 0)) {
    element.textContent = element.dataset.empty || "";
    element.classList.add("text-muted", "d-flex", "align-items-center", "justify-content-center");
    return;
  }
  const chart = echarts.init(element);
  const names = rows.map((row) => row[0]);
  const values = rows.map((row) => row[1]);
  const option = kind === "pie"
    ? { animation, tooltip: {}, series: [{ type: "pie", radius: "65%", data: rows.map(([name, value]) => ({ name, value })) }] }
    : { animation, tooltip: {}, grid: { left: 140, right: 20, top: 10, bottom: 30 },
        // Counts are whole numbers: no 0.2, 0.4 ticks.
        xAxis: kind === "line" ? { type: "category", data: names } : { type: "value", minInterval: 1 },
        yAxis: kind === "line" ? { type: "value", minInterval: 1 } : { type: "category", data: names, inverse: true },
        series: [{ type: kind === "line" ? "line" : "bar", data: values, label: { show: true } }] };
  chart.setOption(option);
  window.addEventListener("resize", () => chart.resize());
});
