"""Bad input raises a clear exception when the handler is made, never at emit."""
import pytest

import cwlog


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(log_group_retention_days=2), cwlog.InvalidSettingError, "retention of 2 days"),
        (dict(log_group_tags={"aws:x": "y"}), cwlog.InvalidSettingError, "aws:"),
        (dict(log_group_tags=["not", "a", "dict"]), cwlog.InvalidSettingError, "log_group_tags"),
        (dict(log_group_kms_key_id="alias/mine"), cwlog.InvalidSettingError, "KMS"),
        (dict(log_group_class="DELIVERY"), cwlog.InvalidSettingError, "log_group_class"),
        (dict(send_interval=0), cwlog.InvalidSettingError, "send_interval"),
        (dict(max_batch_count=10001), cwlog.InvalidSettingError, "max_batch_count"),
        (dict(max_batch_size=0), cwlog.InvalidSettingError, "max_batch_size"),
        (dict(max_message_size=10), cwlog.InvalidSettingError, "max_message_size"),
        (dict(log_group_name="aws/reserved"), cwlog.InvalidSettingError, "aws/"),
        (dict(log_group_name=""), cwlog.InvalidSettingError, "log_group_name"),
        (dict(boto3_client=object(), boto3_profile_name="p"), cwlog.WatchtowerError, "not both"),
        (dict(config="c.yaml", log_group_name="g"), cwlog.WatchtowerError, "config"),
    ],
)
def test_bad_arguments_raise_at_construction(local_endpoint, kwargs, error, match):
    with pytest.raises(error, match=match):
        cwlog.CloudWatchLogHandler(**kwargs)


def test_unknown_keywords_are_refused(local_endpoint):
    with pytest.raises(TypeError, match="log_group_retention"):
        cwlog.CloudWatchLogHandler(log_group_retention=7)


def test_invalid_setting_errors_are_value_errors_and_watchtower_errors():
    assert issubclass(cwlog.InvalidSettingError, ValueError)
    assert issubclass(cwlog.InvalidSettingError, cwlog.WatchtowerError)


def test_a_missing_config_file_is_named(tmp_path, local_endpoint):
    with pytest.raises(cwlog.InvalidSettingError, match="missing.yaml"):
        cwlog.CloudWatchLogHandler(config=str(tmp_path / "missing.yaml"))
