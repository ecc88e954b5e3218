"""Data viewing (数据查看) and project summaries (项目汇总): video metrics, derived figures,
summaries, earnings, rosters, CSV exports and charts. Reads only."""
