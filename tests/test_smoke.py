from tests.conftest import DATA


def test_check_shipped_data_passes(cli):
    result = cli("check", "--data", str(DATA), "--as-of", "2022-12-31")
    assert result.exit_code == 0, result.output
    assert "检查通过" in result.stdout


def test_unknown_option_is_usage_error_in_chinese(cli):
    result = cli("check", "--bogus")
    assert result.exit_code == 2
    assert "没有这个选项：--bogus" in result.stderr
