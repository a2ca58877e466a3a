"""The lineup view: where each of many output sets stands among the others (issue 15's window).

``view.LineupView`` puts together the settings row, ``heatmap.HeatmapCanvas`` (the tree from
``dendrogram``, the grid laid out by ``layout``, colours from ``scale``), ``nearest_chart.NearestChart``
and ``shared_panel.SharedPanel``; ``work.LineupWork`` computes lineups in the background. The shell
hosts the view in a window of its own and opens double-clicked pairs in the comparison window.
"""
