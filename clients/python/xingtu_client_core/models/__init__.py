"""Contains all the data models used in inputs/outputs"""

from .account_kind import AccountKind
from .actor import Actor
from .api_key_issued import ApiKeyIssued
from .api_key_public import ApiKeyPublic
from .attempt_public import AttemptPublic
from .balance_public import BalancePublic
from .branch_description import BranchDescription
from .callback_result import CallbackResult
from .cancellation_create import CancellationCreate
from .cancellation_public import CancellationPublic
from .case_decision import CaseDecision
from .case_status import CaseStatus
from .channel_create import ChannelCreate
from .channel_public import ChannelPublic
from .channel_update import ChannelUpdate
from .channel_verdict import ChannelVerdict
from .clock_advance import ClockAdvance
from .clock_public import ClockPublic
from .closed_reason import ClosedReason
from .contract_create import ContractCreate
from .contract_end import ContractEnd
from .contract_public import ContractPublic
from .contract_state import ContractState
from .creator_figures import CreatorFigures
from .creator_public import CreatorPublic
from .credit_public import CreditPublic
from .day_figures import DayFigures
from .decision import Decision
from .discrepancy_public import DiscrepancyPublic
from .draft_public import DraftPublic
from .draft_public_draft import DraftPublicDraft
from .draft_public_kind import DraftPublicKind
from .earnings import Earnings
from .eligibility import Eligibility
from .endpoint_create import EndpointCreate
from .endpoint_created import EndpointCreated
from .endpoint_public import EndpointPublic
from .entry_kind import EntryKind
from .event_page import EventPage
from .event_public import EventPublic
from .event_public_data import EventPublicData
from .event_public_previous import EventPublicPrevious
from .event_type import EventType
from .figures import Figures
from .formulas import Formulas
from .guard_description import GuardDescription
from .health import Health
from .held_decision import HeldDecision
from .history_entry import HistoryEntry
from .history_entry_details import HistoryEntryDetails
from .ledger_check_public import LedgerCheckPublic
from .ledger_line import LedgerLine
from .ledger_page import LedgerPage
from .line_items import LineItems
from .machine_description import MachineDescription
from .machine_description_review_paths import MachineDescriptionReviewPaths
from .machine_transition import MachineTransition
from .message_create import MessageCreate
from .message_public import MessagePublic
from .message_public_findings_item import MessagePublicFindingsItem
from .message_status import MessageStatus
from .money import Money
from .month_earnings import MonthEarnings
from .order_create import OrderCreate
from .order_figures import OrderFigures
from .order_metrics import OrderMetrics
from .order_page import OrderPage
from .order_public import OrderPublic
from .order_transitions import OrderTransitions
from .party_create import PartyCreate
from .party_kind import PartyKind
from .party_public import PartyPublic
from .payout_channel import PayoutChannel
from .platform import Platform
from .private_deal_case_public import PrivateDealCasePublic
from .problem import Problem
from .problem_code import ProblemCode
from .problem_field_error import ProblemFieldError
from .problem_finding import ProblemFinding
from .problem_reason import ProblemReason
from .project_create import ProjectCreate
from .project_page import ProjectPage
from .project_public import ProjectPublic
from .project_summary import ProjectSummary
from .project_update import ProjectUpdate
from .proposal_create import ProposalCreate
from .proposal_public import ProposalPublic
from .proposal_state import ProposalState
from .replay import Replay
from .replay_queued import ReplayQueued
from .reversal_create import ReversalCreate
from .reversal_public import ReversalPublic
from .review import Review
from .roster import Roster
from .roster_creator import RosterCreator
from .roster_orders import RosterOrders
from .rule_failure import RuleFailure
from .simulated_video_public import SimulatedVideoPublic
from .simulated_video_update import SimulatedVideoUpdate
from .snapshot import Snapshot
from .stage import Stage
from .stage_move import StageMove
from .state import State
from .state_group import StateGroup
from .summary_money import SummaryMoney
from .suspension_lifted import SuspensionLifted
from .top_up_create import TopUpCreate
from .top_up_public import TopUpPublic
from .trigger import Trigger
from .trigger_availability import TriggerAvailability
from .trigger_body import TriggerBody
from .trigger_body_video_status_type_0 import TriggerBodyVideoStatusType0
from .video_status import VideoStatus
from .violation_create import ViolationCreate
from .violation_kind import ViolationKind
from .violation_public import ViolationPublic
from .violation_status import ViolationStatus
from .withdrawal_create import WithdrawalCreate
from .withdrawal_public import WithdrawalPublic
from .withdrawal_state import WithdrawalState

__all__ = (
    "AccountKind",
    "Actor",
    "ApiKeyIssued",
    "ApiKeyPublic",
    "AttemptPublic",
    "BalancePublic",
    "BranchDescription",
    "CallbackResult",
    "CancellationCreate",
    "CancellationPublic",
    "CaseDecision",
    "CaseStatus",
    "ChannelCreate",
    "ChannelPublic",
    "ChannelUpdate",
    "ChannelVerdict",
    "ClockAdvance",
    "ClockPublic",
    "ClosedReason",
    "ContractCreate",
    "ContractEnd",
    "ContractPublic",
    "ContractState",
    "CreatorFigures",
    "CreatorPublic",
    "CreditPublic",
    "DayFigures",
    "Decision",
    "DiscrepancyPublic",
    "DraftPublic",
    "DraftPublicDraft",
    "DraftPublicKind",
    "Earnings",
    "Eligibility",
    "EndpointCreate",
    "EndpointCreated",
    "EndpointPublic",
    "EntryKind",
    "EventPage",
    "EventPublic",
    "EventPublicData",
    "EventPublicPrevious",
    "EventType",
    "Figures",
    "Formulas",
    "GuardDescription",
    "Health",
    "HeldDecision",
    "HistoryEntry",
    "HistoryEntryDetails",
    "LedgerCheckPublic",
    "LedgerLine",
    "LedgerPage",
    "LineItems",
    "MachineDescription",
    "MachineDescriptionReviewPaths",
    "MachineTransition",
    "MessageCreate",
    "MessagePublic",
    "MessagePublicFindingsItem",
    "MessageStatus",
    "Money",
    "MonthEarnings",
    "OrderCreate",
    "OrderFigures",
    "OrderMetrics",
    "OrderPage",
    "OrderPublic",
    "OrderTransitions",
    "PartyCreate",
    "PartyKind",
    "PartyPublic",
    "PayoutChannel",
    "Platform",
    "PrivateDealCasePublic",
    "Problem",
    "ProblemCode",
    "ProblemFieldError",
    "ProblemFinding",
    "ProblemReason",
    "ProjectCreate",
    "ProjectPage",
    "ProjectPublic",
    "ProjectSummary",
    "ProjectUpdate",
    "ProposalCreate",
    "ProposalPublic",
    "ProposalState",
    "Replay",
    "ReplayQueued",
    "ReversalCreate",
    "ReversalPublic",
    "Review",
    "Roster",
    "RosterCreator",
    "RosterOrders",
    "RuleFailure",
    "SimulatedVideoPublic",
    "SimulatedVideoUpdate",
    "Snapshot",
    "Stage",
    "StageMove",
    "State",
    "StateGroup",
    "SummaryMoney",
    "SuspensionLifted",
    "TopUpCreate",
    "TopUpPublic",
    "Trigger",
    "TriggerAvailability",
    "TriggerBody",
    "TriggerBodyVideoStatusType0",
    "VideoStatus",
    "ViolationCreate",
    "ViolationKind",
    "ViolationPublic",
    "ViolationStatus",
    "WithdrawalCreate",
    "WithdrawalPublic",
    "WithdrawalState",
)
