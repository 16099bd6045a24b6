/**
 * The bar chart of activities by category. ECharts is imported piece by piece (bar chart, grid,
 * tooltip, canvas renderer) here, and only the 活动 tab imports this module: it stays in that
 * page's chunk, and no other page loads it.
 */
import { init, use } from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { ActivityStats } from './activities.types';

use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

export interface CategoryChart {
  draw(stats: ActivityStats, seriesName: string): void;
  dispose(): void;
}

export function categoryChart(el: HTMLElement): CategoryChart {
  const chart = init(el, undefined, { renderer: 'canvas' });
  const resize = () => chart.resize();
  window.addEventListener('resize', resize);
  return {
    draw(stats, seriesName) {
      // Most first from the API; horizontal bars read long Chinese names best, the largest on top.
      const rows = [...stats.byCategory].reverse();
      chart.resize();
      chart.setOption({
        animation: false,
        grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        xAxis: { type: 'value', minInterval: 1 },
        yAxis: { type: 'category', data: rows.map((r) => r.category), axisLabel: { width: 180, overflow: 'truncate' } },
        series: [{ type: 'bar', name: seriesName, data: rows.map((r) => r.count), label: { show: true, position: 'right' }, itemStyle: { color: '#1d4ed8' }, barMaxWidth: 28 }],
      });
    },
    dispose() {
      window.removeEventListener('resize', resize);
      chart.dispose();
    },
  };
}
